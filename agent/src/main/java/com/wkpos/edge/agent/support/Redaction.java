package com.wkpos.edge.agent.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a support bundle must never carry: keys, tokens, passwords, PIN hashes. Rule-based, so secrets
 * added later (licence tokens, enrolment tokens, till PIN hashes) are covered by their names:
 * <ul>
 *   <li>a file whose name says key material ({@code *.key}, {@code *.pem}, {@code *.p12}, {@code *.jws},
 *       {@code *token*}, {@code *secret*} …) is left out whole;</li>
 *   <li>a property, JSON field or table column whose name contains a secret word has its value replaced;</li>
 *   <li>any text is scrubbed of values that look like secrets whatever their name: PEM private keys,
 *       JWS/JWT compact tokens, serial keys, {@code password=…}.</li>
 * </ul>
 * Thread-safe (stateless).
 */
public final class Redaction {
    public static final String REDACTED = "<redacted>";
    /** Matched against the name in snake case: {@code pinHash} → {@code pin_hash}. Whole words for the short ones. */
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?:^|.*[._-])(?:pin|key|salt|otp|pwd|psk)(?:[._-].*|$)"
                    + "|.*(?:pass(?:word|wd|phrase)?|secret|token|private|credential|apikey|enrol|signature).*");
    private static final Pattern SECRET_FILE = Pattern.compile(
            "(?i).*(\\.(key|pem|p12|pfx|jks|keystore|jws|jwt|der|crt|csr)|token.*|secret.*|.*[._-]key|id_(rsa|ed25519).*)$");
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z ]*PRIVATE KEY|[A-Z ]*CERTIFICATE REQUEST)-----.*?-----END \\1-----", Pattern.DOTALL);
    private static final Pattern JWS = Pattern.compile("eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*");
    private static final Pattern SERIAL_KEY = Pattern.compile("WKP-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}");
    private static final Pattern ASSIGNMENT = Pattern.compile("(?im)^(\\s*[#!]?\\s*)([\\w.\\-]+)(\\s*[=:]\\s*)(\\S.*)$");
    /** {@code name=value} inside a line (logs): the value up to white space or a separator. */
    private static final Pattern INLINE = Pattern.compile("([\\w.\\-]+)(\\s*[=:]\\s*)(\"[^\"]*\"|[^\\s,;&]+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Redaction() {
    }

    /** True when a key, field or column of this name holds a secret. */
    public static boolean secretName(String name) {
        String snake = name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
        return SECRET_NAME.matcher(snake).matches();
    }

    /** True when a file of this name is key material and stays out of the bundle whole. */
    public static boolean secretFile(String fileName) {
        return SECRET_FILE.matcher(fileName).matches();
    }

    /** Text of any kind (logs, properties): values of secret names and secret-looking values replaced. */
    public static String text(String text) {
        Matcher m = ASSIGNMENT.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = secretName(m.group(2)) ? REDACTED : m.group(4);
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + m.group(2) + m.group(3) + value));
        }
        m.appendTail(out);
        Matcher inline = INLINE.matcher(out.toString());
        StringBuilder result = new StringBuilder();
        while (inline.find()) {
            String value = secretName(inline.group(1)) ? REDACTED : inline.group(3);
            inline.appendReplacement(result, Matcher.quoteReplacement(inline.group(1) + inline.group(2) + value));
        }
        inline.appendTail(result);
        return values(result.toString());
    }

    /** Secret-looking values replaced wherever they are. */
    public static String values(String text) {
        String s = PEM.matcher(text).replaceAll(REDACTED);
        s = JWS.matcher(s).replaceAll(REDACTED);
        return SERIAL_KEY.matcher(s).replaceAll(REDACTED);
    }

    /** A JSON document with the values of secret fields replaced, at any depth; other text scrubbed as values. */
    public static String json(String json) {
        try {
            JsonNode tree = JSON.readTree(json);
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(redact(tree));
        } catch (IOException e) {
            return text(json);
        }
    }

    static JsonNode redact(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                field.setValue(secretName(field.getKey()) ? TextNode.valueOf(REDACTED) : redact(field.getValue()));
            }
            return object;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                ((com.fasterxml.jackson.databind.node.ArrayNode) node).set(i, redact(node.get(i)));
            }
            return node;
        }
        return node.isTextual() ? TextNode.valueOf(values(node.asText())) : node;
    }
}
