package com.wkpos.edge.provisioning;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wkpos.edge.provisioning.crypto.Base64Url;
import com.wkpos.edge.provisioning.crypto.Ed25519Key;
import com.wkpos.edge.provisioning.crypto.JwsException;
import com.wkpos.edge.provisioning.crypto.KeyFiles;
import com.wkpos.edge.provisioning.crypto.KeySet;
import com.wkpos.edge.provisioning.crypto.StrictJson;
import com.wkpos.edge.provisioning.license.LicenseClaims;
import com.wkpos.edge.provisioning.license.LicenseToken;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The vendor's and technician's command line, reached as {@code ./wk-edge license …}:
 * {@code keygen} makes a signing key, {@code issue} signs a license, {@code inspect} shows a token
 * without trusting it, {@code verify} checks one against pinned keys. Exit codes: 0 ok, 1 the token
 * was refused, 2 usage error.
 */
public final class Cli {
    private static final Set<String> ISSUE_OPTIONS = Set.of("--key", "--tenant", "--plan", "--modules", "--max-devices",
            "--days", "--offline-days", "--seq", "--device", "--id", "--iss", "--out");

    private Cli() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err, Clock.systemUTC()));
    }

    public static int run(List<String> args, PrintStream out, PrintStream err, Clock clock) {
        if (!args.isEmpty() && args.getFirst().equals("provision")) {
            return ProvisionCli.run(args.subList(1, args.size()), out, err, clock);
        }
        if (args.size() < 2 || !args.getFirst().equals("license")) {
            err.println(usage() + "\n" + ProvisionCli.usage());
            return 2;
        }
        List<String> rest = args.subList(2, args.size());
        try {
            return switch (args.get(1)) {
                case "keygen" -> keygen(options(rest, Set.of("--out", "--name")), out);
                case "issue" -> issue(options(rest, ISSUE_OPTIONS), out, clock);
                case "inspect" -> inspect(options(rest, Set.of("--file")), rest, out);
                case "verify" -> verify(options(rest, Set.of("--keys", "--file", "--tenant", "--device", "--at")), rest,
                        out, err, clock);
                case "help" -> {
                    out.println(usage());
                    yield 0;
                }
                default -> {
                    err.println("unknown license command '" + args.get(1) + "'\n" + usage());
                    yield 2;
                }
            };
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("wk-edge license: " + e.getMessage());
            return 2;
        }
    }

    private static int keygen(Map<String, String> o, PrintStream out) {
        Path dir = Path.of(o.getOrDefault("--out", "."));
        String name = o.getOrDefault("--name", "hq");
        Ed25519Key key = Ed25519Key.generate(new SecureRandom());
        Path privateFile = dir.resolve(name + ".key.jwk");
        Path publicFile = dir.resolve(name + ".keys.jwks");
        KeyFiles.writePrivate(privateFile, key);
        KeyFiles.writeAtomically(publicFile, KeySet.of(key).toJson(), false);
        out.println("key id     " + key.kid());
        out.println("private    " + privateFile + "   (keep it offline; it signs licenses)");
        out.println("pin this   " + publicFile + "   (boxes verify licenses against it)");
        return 0;
    }

    private static int issue(Map<String, String> o, PrintStream out, Clock clock) {
        Ed25519Key key = KeyFiles.readPrivate(Path.of(required(o, "--key")));
        Instant now = clock.instant();
        List<String> modules = o.getOrDefault("--modules", "").isBlank() ? List.of()
                : Arrays.stream(o.get("--modules").split(",")).map(String::strip).toList();
        int days = number(o, "--days", "365");
        LicenseClaims claims = new LicenseClaims(o.getOrDefault("--iss", "wk-hq"),
                o.getOrDefault("--id", "lic-" + UUID.randomUUID()), required(o, "--tenant"), o.getOrDefault("--plan", "standard"),
                modules, number(o, "--max-devices", "1"), now, now, now.plus(Duration.ofDays(days)),
                number(o, "--offline-days", String.valueOf(LicenseClaims.DEFAULT_OFFLINE_DAYS)),
                Long.parseLong(o.getOrDefault("--seq", "1")), Optional.ofNullable(o.get("--device")));
        String token = LicenseToken.issue(claims, key);
        if (o.containsKey("--out")) {
            KeyFiles.writeAtomically(Path.of(o.get("--out")), (token + "\n").getBytes(StandardCharsets.US_ASCII), false);
            out.println("license " + claims.sub() + " for tenant " + claims.tenant() + " written to " + o.get("--out"));
        } else {
            out.println(token);
        }
        return 0;
    }

    private static int inspect(Map<String, String> o, List<String> args, PrintStream out) {
        String token = token(o, args);
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a compact JWS: " + parts.length + " parts");
        }
        ObjectNode header = StrictJson.object(Base64Url.decode(parts[0]));
        ObjectNode claims = StrictJson.object(Base64Url.decode(parts[1]));
        out.println("NOT VERIFIED (use 'license verify --keys FILE' to check the signature)");
        out.println("header  " + header);
        out.println("claims  " + claims.toPrettyString());
        for (String t : List.of("iat", "nbf", "exp")) {
            if (claims.has(t) && claims.get(t).canConvertToLong()) {
                out.println(t + "     " + Instant.ofEpochSecond(claims.get(t).asLong()));
            }
        }
        return 0;
    }

    private static int verify(Map<String, String> o, List<String> args, PrintStream out, PrintStream err, Clock clock) {
        KeySet keys = KeySet.read(Path.of(required(o, "--keys")));
        String token = token(o, args);
        Instant at = o.containsKey("--at") ? Instant.parse(o.get("--at")) : clock.instant();
        LicenseClaims c;
        try {
            c = LicenseToken.verify(token, keys);
        } catch (JwsException e) {
            err.println("REFUSED (" + e.reason() + "): " + e.getMessage());
            return 1;
        }
        String problem = at.isBefore(c.nbf()) ? "not valid before " + c.nbf()
                : !at.isBefore(c.exp()) ? "expired at " + c.exp()
                : o.containsKey("--tenant") && !o.get("--tenant").equals(c.tenant()) ? "issued for tenant " + c.tenant()
                : o.containsKey("--device") && !c.device().equals(Optional.of(o.get("--device")))
                        ? "issued for device " + c.device().orElse("(none: not activated)") : null;
        if (problem != null) {
            err.println("REFUSED: signature good, but " + problem);
            return 1;
        }
        out.println("VALID license " + c.sub() + " (seq " + c.seq() + ") signed by " + Optional.ofNullable(
                com.wkpos.edge.provisioning.crypto.Jws.peekKid(token)).orElse("?"));
        out.println("  tenant " + c.tenant() + ", plan " + c.plan() + ", modules " + c.modules() + ", max devices "
                + c.maxDevices() + ", offline days " + c.offlineDays());
        out.println("  valid " + c.nbf() + " .. " + c.exp() + ", device " + c.device().orElse("(not activated)"));
        return 0;
    }

    private static String token(Map<String, String> o, List<String> args) {
        if (o.containsKey("--file")) {
            try {
                Path f = Path.of(o.get("--file"));
                if (Files.size(f) > 64 * 1024) {
                    throw new IllegalArgumentException(f + " is too large for a token");
                }
                return Files.readString(f, StandardCharsets.US_ASCII).strip();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + o.get("--file") + ": " + e.getMessage(), e);
            }
        }
        String positional = o.get("");
        if (positional == null) {
            throw new IllegalArgumentException("give the token as an argument or --file FILE");
        }
        return positional.strip();
    }

    /** Options as {@code --name value}; one bare argument is kept under the empty name. */
    private static Map<String, String> options(List<String> args, Set<String> known) {
        Map<String, String> o = new HashMap<>();
        for (Iterator<String> it = args.iterator(); it.hasNext(); ) {
            String a = it.next();
            if (a.startsWith("--")) {
                if (!known.contains(a)) {
                    throw new IllegalArgumentException("unknown option " + a + "; known: " + known);
                }
                if (!it.hasNext()) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                o.put(a, it.next());
            } else if (o.putIfAbsent("", a) != null) {
                throw new IllegalArgumentException("unexpected argument " + a);
            }
        }
        return o;
    }

    private static String required(Map<String, String> o, String name) {
        String v = o.get(name);
        if (v == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return v;
    }

    private static int number(Map<String, String> o, String name, String dflt) {
        String raw = o.getOrDefault(name, dflt);
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, was " + raw, e);
        }
    }

    static String usage() {
        return String.join("\n",
                "usage: wk-edge license COMMAND",
                "  keygen [--out DIR] [--name hq]          new Ed25519 signing key: NAME.key.jwk (private) and NAME.keys.jwks (to pin)",
                "  issue --key FILE --tenant T [--plan P] [--modules a,b] [--max-devices N] [--days 365]",
                "        [--offline-days 30] [--seq N] [--device THUMBPRINT] [--id ID] [--out FILE]",
                "  inspect TOKEN | --file FILE             show header and claims (not verified)",
                "  verify --keys JWKS TOKEN | --file FILE [--tenant T] [--device THUMBPRINT] [--at ISO-TIME]");
    }
}
