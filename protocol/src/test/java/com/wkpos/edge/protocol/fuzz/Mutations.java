package com.wkpos.edge.protocol.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Inputs for {@link Fuzz}: arbitrary bytes and text, and mutations of valid samples — bit flips,
 * truncation, spliced and repeated slices on the bytes; on JSON, removed and duplicated members, values of
 * the wrong type, huge numbers, deep nesting and long strings.
 */
public final class Mutations {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final byte[] INTERESTING = {0, 1, 0x7F, (byte) 0x80, (byte) 0xFF, (byte) 0xFE, 0x10, 0x02, 0x03};

    private Mutations() {
    }

    /** 0..maxLength random bytes, sometimes all from a few interesting values. */
    public static byte[] bytes(Random r, int maxLength) {
        byte[] b = new byte[r.nextInt(maxLength + 1)];
        if (r.nextInt(4) == 0) {
            for (int i = 0; i < b.length; i++) {
                b[i] = INTERESTING[r.nextInt(INTERESTING.length)];
            }
        } else {
            r.nextBytes(b);
        }
        return b;
    }

    /** Text of JSON punctuation, digits, letters and any other code point. */
    public static String text(Random r, int maxLength) {
        String alphabet = "{}[]\":,.-+eE0123456789 \\nultrfase\u00e9\u20ac";
        StringBuilder s = new StringBuilder();
        int n = r.nextInt(maxLength + 1);
        for (int i = 0; i < n; i++) {
            s.appendCodePoint(r.nextInt(5) == 0 ? r.nextInt(0x3000) : alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    /** One to four byte-level mutations of {@code sample}. */
    public static byte[] mutateBytes(Random r, byte[] sample) {
        byte[] b = sample.clone();
        for (int k = 1 + r.nextInt(4); k > 0; k--) {
            b = mutateOnce(r, b);
        }
        return b;
    }

    private static byte[] mutateOnce(Random r, byte[] b) {
        if (b.length == 0) {
            return new byte[] {INTERESTING[r.nextInt(INTERESTING.length)]};
        }
        int at = r.nextInt(b.length);
        switch (r.nextInt(7)) {
            case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
            case 1 -> b[at] = INTERESTING[r.nextInt(INTERESTING.length)];
            case 2 -> b = Arrays.copyOf(b, at);
            case 3 -> {
                int len = 1 + r.nextInt(Math.min(32, b.length - at));
                byte[] out = new byte[b.length - len];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, at + len, out, at, b.length - at - len);
                b = out;
            }
            case 4 -> {
                int len = 1 + r.nextInt(Math.min(64, b.length - at));
                byte[] out = new byte[b.length + len];
                System.arraycopy(b, 0, out, 0, at + len);
                System.arraycopy(b, at, out, at + len, b.length - at);
                b = out;
            }
            case 5 -> {
                byte[] noise = bytes(r, 8);
                byte[] out = new byte[b.length + noise.length];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(noise, 0, out, at, noise.length);
                System.arraycopy(b, at, out, at + noise.length, b.length - at);
                b = out;
            }
            default -> b[at] = (byte) r.nextInt(256);
        }
        return b;
    }

    /** The JSON text of a mutation of {@code sample}: tree mutations, sometimes followed by byte mutations. */
    public static byte[] mutateJson(Random r, JsonNode sample) {
        JsonNode tree = sample.deepCopy();
        for (int k = 1 + r.nextInt(3); k > 0; k--) {
            tree = mutateTree(r, tree);
        }
        String json = tree.toString();
        if (r.nextInt(5) == 0) {
            json = duplicateAMember(r, json);
        }
        if (r.nextInt(8) == 0) {
            json = deepen(r, json);
        }
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return r.nextInt(4) == 0 ? mutateBytes(r, bytes) : bytes;
    }

    /** The tree of {@code bytes}, which must be JSON (a sample). */
    public static JsonNode tree(byte[] bytes) {
        try {
            return PLAIN.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("a sample must be JSON", e);
        }
    }

    private static JsonNode mutateTree(Random r, JsonNode root) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        if (containers.isEmpty()) {
            return odd(r);
        }
        JsonNode c = containers.get(r.nextInt(containers.size()));
        if (c instanceof ObjectNode o && !o.isEmpty()) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            String name = names.get(r.nextInt(names.size()));
            switch (r.nextInt(4)) {
                case 0 -> o.remove(name);
                case 1 -> o.set(name + (r.nextBoolean() ? "x" : ""), odd(r));
                case 2 -> o.set(name, odd(r));
                default -> o.set(name, o.get(name).isContainerNode() ? odd(r) : nest(r, o.get(name)));
            }
        } else if (c instanceof ArrayNode a) {
            switch (r.nextInt(4)) {
                case 0 -> a.add(odd(r));
                case 1 -> {
                    if (!a.isEmpty()) {
                        a.remove(r.nextInt(a.size()));
                    }
                }
                case 2 -> {
                    if (!a.isEmpty()) {
                        a.add(a.get(r.nextInt(a.size())).deepCopy());
                    }
                }
                default -> {
                    if (!a.isEmpty()) {
                        a.set(r.nextInt(a.size()), odd(r));
                    }
                }
            }
        }
        return root;
    }

    private static void collect(JsonNode n, List<JsonNode> out) {
        if (n.isContainerNode()) {
            out.add(n);
            n.forEach(child -> collect(child, out));
        }
    }

    /** A value of a type or size the parser does not expect. */
    private static JsonNode odd(Random r) {
        return switch (r.nextInt(13)) {
            case 12 -> NODES.numberNode(r.nextLong() >> r.nextInt(64));
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(r.nextBoolean());
            case 2 -> NODES.numberNode(new BigInteger(200, r).negate());
            case 3 -> NODES.numberNode(Long.MAX_VALUE);
            case 4 -> NODES.numberNode(Long.MIN_VALUE);
            case 5 -> NODES.numberNode(r.nextDouble() * 1e300);
            case 6 -> NODES.textNode("x".repeat(r.nextInt(100_000)));
            case 7 -> NODES.textNode(text(r, 20));
            case 8 -> NODES.objectNode();
            case 9 -> NODES.arrayNode().add(NODES.nullNode());
            case 10 -> NODES.numberNode(-1 - r.nextInt(3));
            default -> nest(r, NODES.numberNode(0));
        };
    }

    /** {@code leaf} under up to 300 levels of arrays or objects (deeper nesting is added to the text). */
    private static JsonNode nest(Random r, JsonNode leaf) {
        JsonNode n = leaf;
        int depth = r.nextInt(300);
        for (int i = 0; i < depth; i++) {
            n = r.nextBoolean() ? NODES.arrayNode().add(n) : NODES.objectNode().set("a", n);
        }
        return n;
    }

    /** The JSON text inside up to 20000 levels of arrays or objects, beyond any parser's nesting limit. */
    private static String deepen(Random r, String json) {
        int depth = r.nextInt(20_000);
        boolean arrays = r.nextBoolean();
        return (arrays ? "[" : "{\"a\":").repeat(depth) + json + (arrays ? "]" : "}").repeat(depth);
    }

    /** The JSON text with one member written twice (a tree cannot hold that). */
    private static String duplicateAMember(Random r, String json) {
        int at = json.indexOf(",\"", r.nextInt(json.length()));
        int end = at < 0 ? -1 : json.indexOf(',', at + 1);
        if (at < 0 || end < 0) {
            return json;
        }
        return json.substring(0, end) + json.substring(at, end) + json.substring(end);
    }
}
