package com.wkpos.edge.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wkpos.edge.provisioning.bundle.Bundle;
import com.wkpos.edge.provisioning.bundle.BundleToken;
import com.wkpos.edge.provisioning.crypto.Base64Url;
import com.wkpos.edge.provisioning.crypto.Ed25519Key;
import com.wkpos.edge.provisioning.crypto.Jws;
import com.wkpos.edge.provisioning.crypto.JwsException;
import com.wkpos.edge.provisioning.crypto.KeyFiles;
import com.wkpos.edge.provisioning.crypto.KeySet;
import com.wkpos.edge.provisioning.crypto.StrictJson;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code ./wk-edge provision …}, the technician's side of USB-key provisioning: {@code keygen} makes a
 * provisioning signing key, {@code bundle create} asks HQ for a one-time enroll token and writes the
 * signed bundle onto a (mounted) key, {@code bundle inspect} shows a bundle and, given the pinned keys,
 * verifies it. Exit codes: 0 ok, 1 refused (by HQ or by a check), 2 usage.
 */
final class ProvisionCli {
    private static final Set<String> CREATE = Set.of("--key", "--tenant", "--branch", "--broker", "--broker-ca",
            "--hq-key", "--license-keys", "--license", "--device", "--lan", "--hq", "--enroll-url", "--seq", "--days",
            "--out", "--hq-token-file", "--hq-state-dir");

    private ProvisionCli() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err, Clock clock) {
        String cmd = args.isEmpty() ? "help" : args.getFirst();
        List<String> rest = args.subList(Math.min(1, args.size()), args.size());
        try {
            return switch (cmd) {
                case "keygen" -> keygen(Options.parse(rest, Set.of("--out", "--name")), out);
                case "bundle" -> bundle(rest, out, err, clock);
                case "help", "--help" -> {
                    out.println(usage());
                    yield 0;
                }
                default -> {
                    err.println("unknown provision command '" + cmd + "'\n" + usage());
                    yield 2;
                }
            };
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("wk-edge provision: " + e.getMessage());
            return 2;
        }
    }

    private static int bundle(List<String> args, PrintStream out, PrintStream err, Clock clock) {
        String sub = args.isEmpty() ? "" : args.getFirst();
        List<String> rest = args.subList(Math.min(1, args.size()), args.size());
        return switch (sub) {
            case "create" -> create(Options.parse(rest, CREATE), out, err, clock);
            case "inspect" -> inspect(Options.parse(rest, Set.of("--keys")), out, err, clock);
            default -> throw new IllegalArgumentException("bundle create|inspect, was '" + sub + "'");
        };
    }

    private static int keygen(Options o, PrintStream out) {
        Path dir = Path.of(o.get("--out", "."));
        String name = o.get("--name", "provisioning");
        Ed25519Key key = Ed25519Key.generate(new SecureRandom());
        KeyFiles.writePrivate(dir.resolve(name + ".key.jwk"), key);
        KeyFiles.writeAtomically(dir.resolve(name + ".keys.jwks"), KeySet.of(key).toJson(), false);
        out.println("key id     " + key.kid());
        out.println("private    " + dir.resolve(name + ".key.jwk") + "   (signs bundles; keep it with the technicians' tools)");
        out.println("pin this   " + dir.resolve(name + ".keys.jwks")
                + "   (boxes trust bundles it signs: /etc/wk-edge/provisioning-keys.jwks)");
        return 0;
    }

    private static int create(Options o, PrintStream out, PrintStream err, Clock clock) {
        Ed25519Key key = KeyFiles.readPrivate(Path.of(o.required("--key")));
        String tenant = o.required("--tenant");
        String branch = o.required("--branch");
        Instant now = clock.instant();
        Duration life = Duration.ofDays(Long.parseLong(o.get("--days", "7")));
        String brokerCa = read(o.required("--broker-ca"));
        String syncKey = read(o.required("--hq-key"));
        KeySet licenseKeys = KeySet.read(Path.of(o.required("--license-keys")));
        String license = o.has("--license") ? read(o.get("--license", null)).strip() : null;
        Map<String, String> devices = pairs(o.all("--device"), "--device");
        Map<String, String> lan = pairs(o.all("--lan"), "--lan");
        Path dir = Path.of(o.required("--out"));
        String hq = o.required("--hq").replaceAll("/+$", "");
        String admin = HqToken.resolve(hq, o.get("--hq-token-file", null), o.get("--hq-state-dir", null), System::getenv);
        out.println("[1/3] asking HQ " + hq + " for a one-time enroll token for " + tenant + "/" + branch + " ...");
        JsonNode token = enrollToken(hq, admin, tenant, branch, now.plus(life));
        Bundle bundle = new Bundle(UUID.randomUUID().toString(), Long.parseLong(o.get("--seq",
                String.valueOf(now.getEpochSecond()))), now, now.plus(life), tenant, branch, o.required("--broker"),
                brokerCa, syncKey, licenseKeys, o.get("--enroll-url", hq), token.path("token").asText(),
                token.path("device").asText(), license, devices, lan);
        out.println("      device " + bundle.deviceName() + ", token valid until " + bundle.expires());
        String jws = BundleToken.sign(bundle, key);
        Path file = dir.resolve(BundleToken.PATH_ON_KEY);
        out.println("[2/3] writing " + file + " (" + jws.length() + " bytes, signed by " + key.kid() + ") ...");
        KeyFiles.writeAtomically(file, (jws + "\n").getBytes(StandardCharsets.US_ASCII), false);
        out.println("[3/3] done: bundle " + bundle.id() + " seq " + bundle.seq() + " expires " + bundle.expires()
                + ". Unmount the key, plug it into the box; it prints a slip when enrolled.");
        if (!bundle.enrollOverTls()) {
            err.println("warning: the enroll URL is plain HTTP; use https:// outside a test bench");
        }
        return 0;
    }

    private static JsonNode enrollToken(String hq, String adminToken, String tenant, String branch, Instant expires) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tenant", tenant);
        body.put("branch", branch);
        body.put("expires", expires.toString());
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(hq + "/admin/enroll/tokens"))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + adminToken)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(StrictJson.bytes(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                throw new IllegalStateException("HQ refused the enroll token (" + r.statusCode() + "): " + r.body());
            }
            return StrictJson.object(r.body().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("HQ at " + hq + " is unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static int inspect(Options o, PrintStream out, PrintStream err, Clock clock) {
        String token = read(o.required(""));
        String[] parts = token.strip().split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a compact JWS: " + parts.length + " parts");
        }
        ObjectNode claims = StrictJson.object(Base64Url.decode(parts[1]));
        claims.with("enroll").put("token", "(hidden)");
        out.println("kid     " + Jws.peekKid(token.strip()));
        out.println("bundle  " + claims.toPrettyString());
        if (!o.has("--keys")) {
            out.println("NOT VERIFIED (add --keys provisioning.keys.jwks to check the signature)");
            return 0;
        }
        try {
            Bundle b = BundleToken.verify(token.strip(), KeySet.read(Path.of(o.get("--keys", null))));
            if (!clock.instant().isBefore(b.expires())) {
                err.println("REFUSED: signature good, but expired at " + b.expires());
                return 1;
            }
            out.println("VALID bundle " + b.id() + " seq " + b.seq() + " for " + b.tenant() + "/" + b.branch()
                    + ", expires " + b.expires());
            return 0;
        } catch (JwsException e) {
            err.println("REFUSED (" + e.reason() + "): " + e.getMessage());
            return 1;
        }
    }

    private static Map<String, String> pairs(List<String> values, String option) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String v : values) {
            int eq = v.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException(option + " must be NAME=VALUE, was " + v);
            }
            m.put(v.substring(0, eq), v.substring(eq + 1));
        }
        return m;
    }

    private static String read(String file) {
        Path p = Path.of(file);
        try {
            if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || Files.size(p) > BundleToken.MAX_CHARS) {
                throw new IllegalArgumentException(file + " is not a regular file of at most " + BundleToken.MAX_CHARS
                        + " bytes");
            }
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static String usage() {
        return String.join("\n",
                "usage: wk-edge provision COMMAND",
                "  keygen [--out DIR] [--name provisioning]   provisioning signing key: NAME.key.jwk and NAME.keys.jwks (pin on boxes)",
                "  bundle create --key FILE --tenant T --branch B --broker ssl://HOST:PORT --broker-ca FILE",
                "        --hq-key FILE --license-keys FILE [--license FILE] [--device ROLE=URI ...] [--lan NAME=VALUE ...]",
                "        --hq URL [--hq-token-file FILE | --hq-state-dir DIR] [--enroll-url URL] [--seq N] [--days 1-7]",
                "        --out MOUNTED-KEY-DIR       (HQ's admin token: the file, $WK_EDGE_HQ_TOKEN, or DIR/admin.token)",
                "                                              registers a one-time enroll token at HQ, writes DIR/wk-edge/bundle.jws",
                "  bundle inspect FILE [--keys JWKS]          show a bundle (enroll token hidden); with --keys verify it");
    }

    /** {@code --name value} options, some repeatable; one bare argument under the empty name. */
    private record Options(Map<String, List<String>> values) {
        static Options parse(List<String> args, Set<String> known) {
            Map<String, List<String>> m = new HashMap<>();
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (a.startsWith("--")) {
                    if (!known.contains(a)) {
                        throw new IllegalArgumentException("unknown option " + a + "; known: " + known);
                    }
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException(a + " needs a value");
                    }
                    m.computeIfAbsent(a, k -> new ArrayList<>()).add(args.get(++i));
                } else if (m.putIfAbsent("", List.of(a)) != null) {
                    throw new IllegalArgumentException("unexpected argument " + a);
                }
            }
            return new Options(m);
        }

        boolean has(String name) {
            return values.containsKey(name);
        }

        String get(String name, String dflt) {
            List<String> v = values.get(name);
            return v == null ? dflt : v.getLast();
        }

        List<String> all(String name) {
            return values.getOrDefault(name, List.of());
        }

        String required(String name) {
            String v = get(name, null);
            if (v == null) {
                throw new IllegalArgumentException((name.isEmpty() ? "the FILE argument" : name) + " is required");
            }
            return v;
        }
    }
}
