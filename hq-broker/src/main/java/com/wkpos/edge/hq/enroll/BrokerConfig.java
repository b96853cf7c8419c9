package com.wkpos.edge.hq.enroll;

import com.wkpos.edge.provisioning.crypto.KeyFiles;
import com.wkpos.edge.provisioning.pki.DeviceCsr;
import com.wkpos.edge.provisioning.pki.Pem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a Mosquitto 2 configuration that isolates branches: a TLS listener that requires a client
 * certificate from the device CA and takes its CN as the user name, the CA's CRL, and an ACL with one
 * {@code user} block per device in force (a branch writes only its own {@code up/}, reads only its own
 * {@code down/} and its tenant's {@code all/down/}); HQ's identity {@value #HQ_USER} reads and writes
 * everything under {@code #}. Nobody else gets anything, so {@code #} and {@code $SYS} are out of reach.
 * Re-run after enrolling or revoking a device, then reload the broker (SIGHUP) or restart it.
 */
public final class BrokerConfig {
    public static final String HQ_USER = "hq";
    public static final String CONF = "mosquitto.conf";

    /** @param hosts DNS names and IP addresses the broker's server certificate is valid for */
    public record Listener(String bindHost, int port, List<String> hosts) {
    }

    private BrokerConfig() {
    }

    /** Writes (or refreshes) the configuration in {@code out}; keys made on the first run are kept. */
    public static Path write(EnrollAuthority authority, Path out, Listener listener, Instant now) {
        Path dir = out.toAbsolutePath();
        write(dir.resolve("ca.pem"), authority.ca().certificatePem(), false);
        if (!Files.exists(dir.resolve("server.key"))) {
            issue(authority, dir, "server", "wk-edge-broker", listener.hosts(), now);
        }
        if (!Files.exists(dir.resolve("hq.key"))) {
            issue(authority, dir, HQ_USER, HQ_USER, List.of(), now);
        }
        write(dir.resolve("crl.pem"), authority.crlPem(), false);
        write(dir.resolve("acl"), acl(authority.activeDevices()), false);
        String conf = String.join("\n",
                "# WK Edge broker: written by `wk-edge hq broker-config`; re-run it after enrolling or revoking a device",
                "per_listener_settings false",
                "allow_anonymous false",
                "acl_file " + dir.resolve("acl"),
                "listener " + listener.port() + " " + listener.bindHost(),
                "cafile " + dir.resolve("ca.pem"),
                "certfile " + dir.resolve("server.pem"),
                "keyfile " + dir.resolve("server.key"),
                "crlfile " + dir.resolve("crl.pem"),
                "require_certificate true",
                "use_identity_as_username true",
                "tls_version tlsv1.2",
                "");
        write(dir.resolve(CONF), conf, false);
        return dir.resolve(CONF);
    }

    static String acl(List<Map<String, Object>> devices) {
        StringBuilder b = new StringBuilder("# HQ: everything (never $SYS: '#' does not match it)\nuser ")
                .append(HQ_USER).append("\ntopic readwrite #\n");
        Map<String, Map<String, Object>> byName = new TreeMap<>();
        devices.forEach(d -> byName.put((String) d.get("device"), d));
        for (Map<String, Object> d : byName.values()) {
            String t = "wk/" + d.get("tenant");
            String branch = t + "/b/" + d.get("branch");
            b.append("\nuser ").append(d.get("device")).append('\n')
                    .append("topic write ").append(branch).append("/up/#\n")
                    .append("topic read ").append(branch).append("/down/#\n")
                    .append("topic read ").append(t).append("/all/down/#\n");
        }
        return b.toString();
    }

    private static void issue(EnrollAuthority authority, Path dir, String file, String cn, List<String> hosts, Instant now) {
        KeyPair keys = DeviceCsr.generateKeyPair(new SecureRandom());
        X509Certificate cert = hosts.isEmpty()
                ? authority.ca().issueClient(cn, keys.getPublic(), now, Duration.ofDays(825))
                : authority.ca().issueServer(cn, keys.getPublic(), hosts, now, Duration.ofDays(825));
        write(dir.resolve(file + ".pem"), Pem.write(cert), false);
        // the broker runs as its own user: the key is owner-only, give it to that user when installing
        write(dir.resolve(file + ".key"), Pem.of(keys.getPrivate()), true);
    }

    private static void write(Path file, String text, boolean secret) {
        KeyFiles.writeAtomically(file, text.getBytes(StandardCharsets.US_ASCII), secret);
    }
}
