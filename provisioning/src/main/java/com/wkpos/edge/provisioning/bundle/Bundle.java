package com.wkpos.edge.provisioning.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wkpos.edge.provisioning.crypto.KeySet;
import com.wkpos.edge.provisioning.crypto.StrictJson;
import com.wkpos.edge.provisioning.pki.DeviceName;
import com.wkpos.edge.provisioning.pki.Pem;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a technician's USB key carries (**contract**, ARCHITECTURE.md "USB-key provisioning"): who the
 * box becomes (tenant, branch, device name), where it connects (broker URL and the CA its certificate
 * chains to, HQ's enroll URL), what it pins (HQ's sync signing key, HQ's license keys), a one-time
 * enroll token, the license token and the device settings. Public material only: a bundle that holds a
 * private key is refused. Validated on construction; unknown members are refused when parsing.
 *
 * @param seq       above the seq of the bundle a box has installed, or the box refuses it as a replay
 * @param syncKeyPem HQ's Ed25519 sync signing key ({@code PUBLIC KEY} PEM, as HQ writes {@code hq-signing.pub})
 * @param devices   device URIs by role ({@code printer=tcp://…})
 * @param lan       LAN options (free-form strings, e.g. {@code listen})
 */
public record Bundle(String id, long seq, Instant issuedAt, Instant expires, String tenant, String branch,
                     String brokerUrl, String brokerCaPem, String syncKeyPem, KeySet licenseKeys, String enrollUrl,
                     String enrollToken, String deviceName, String license, Map<String, String> devices,
                     Map<String, String> lan) {
    public static final Duration MAX_LIFETIME = Duration.ofDays(7);
    public static final int VERSION = 1;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern BROKER = Pattern.compile("ssl://[A-Za-z0-9.:\\[\\]-]+:\\d{1,5}");
    private static final Pattern ENROLL = Pattern.compile("https?://[A-Za-z0-9.:\\[\\]-]+(:\\d{1,5})?(/[A-Za-z0-9/_.-]*)?");
    private static final Set<String> ROLES = Set.of("printer", "drawer", "scanner", "terminal", "display");
    private static final Set<String> MEMBERS = Set.of("v", "id", "seq", "iat", "exp", "tenant", "branch", "broker",
            "hq", "enroll", "license", "devices", "lan");

    public Bundle {
        require("id", id);
        require("tenant", tenant);
        require("branch", branch);
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be positive, was " + seq);
        }
        if (!expires.isAfter(issuedAt) || Duration.between(issuedAt, expires).compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("a bundle is valid for at most 7 days; issued " + issuedAt + ", expires "
                    + expires);
        }
        if (brokerUrl == null || !BROKER.matcher(brokerUrl).matches()) {
            throw new IllegalArgumentException("broker must be ssl://HOST:PORT (mTLS), was " + brokerUrl);
        }
        if (syncKeyPem == null || !syncKeyPem.contains("BEGIN PUBLIC KEY")) {
            throw new IllegalArgumentException("HQ's sync key must be a PUBLIC KEY PEM");
        }
        for (String pem : new String[] {brokerCaPem, syncKeyPem, license == null ? "" : license}) {
            if (pem == null || pem.contains("PRIVATE KEY")) {
                throw new IllegalArgumentException("a bundle must not carry a private key");
            }
        }
        Pem.certificates(brokerCaPem);
        if (licenseKeys == null || licenseKeys.isEmpty()) {
            throw new IllegalArgumentException("HQ's license keys are required");
        }
        if (enrollUrl == null || !ENROLL.matcher(enrollUrl).matches()) {
            throw new IllegalArgumentException("enroll URL must be http(s)://HOST[:PORT][/path], was " + enrollUrl);
        }
        if (enrollToken == null || enrollToken.length() < 32 || enrollToken.length() > 128) {
            throw new IllegalArgumentException("the enroll token must be 32-128 characters");
        }
        DeviceName.require(deviceName);
        if (!deviceName.startsWith(tenant + "." + branch + ".")) {
            throw new IllegalArgumentException("device name " + deviceName + " is not under " + tenant + "." + branch);
        }
        devices = Map.copyOf(devices);
        devices.keySet().forEach(role -> {
            if (!ROLES.contains(role)) {
                throw new IllegalArgumentException("unknown device role '" + role + "'; known: " + ROLES);
            }
        });
        lan = Map.copyOf(lan);
    }

    /** Whether the enroll URL is safe to use: HTTPS, or plain HTTP to the loopback address (tests, one-host demos). */
    public boolean enrollOverTls() {
        return enrollUrl.startsWith("https://");
    }

    public ObjectNode toJson() {
        ObjectNode o = StrictJson.MAPPER.createObjectNode();
        o.put("v", VERSION).put("id", id).put("seq", seq).put("iat", issuedAt.getEpochSecond())
                .put("exp", expires.getEpochSecond()).put("tenant", tenant).put("branch", branch);
        o.putObject("broker").put("url", brokerUrl).put("ca", brokerCaPem);
        ObjectNode hq = o.putObject("hq");
        hq.put("syncKey", syncKeyPem);
        hq.set("licenseKeys", StrictJson.object(licenseKeys.toJson()));
        o.putObject("enroll").put("url", enrollUrl).put("token", enrollToken).put("device", deviceName);
        if (license != null) {
            o.put("license", license);
        }
        ObjectNode d = o.putObject("devices");
        new java.util.TreeMap<>(devices).forEach(d::put);
        ObjectNode l = o.putObject("lan");
        new java.util.TreeMap<>(lan).forEach(l::put);
        return o;
    }

    /** @throws IllegalArgumentException naming the missing, unknown or bad member */
    public static Bundle fromJson(ObjectNode o) {
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!MEMBERS.contains(name)) {
                throw new IllegalArgumentException("unknown bundle member '" + name + "'");
            }
        }
        if (o.path("v").asInt(-1) != VERSION) {
            throw new IllegalArgumentException("bundle version must be " + VERSION + ", was " + o.get("v"));
        }
        JsonNode hq = object(o, "hq");
        JsonNode enroll = object(o, "enroll");
        JsonNode broker = object(o, "broker");
        return new Bundle(text(o, "id"), number(o, "seq"), instant(o, "iat"), instant(o, "exp"), text(o, "tenant"), text(o, "branch"), text(broker, "url"),
                text(broker, "ca"), text(hq, "syncKey"), KeySet.parse(StrictJson.bytes(object(hq, "licenseKeys"))),
                text(enroll, "url"), text(enroll, "token"), text(enroll, "device"),
                o.hasNonNull("license") ? text(o, "license") : null, strings(o, "devices"), strings(o, "lan"));
    }

    private static JsonNode object(JsonNode o, String name) {
        JsonNode v = o.get(name);
        if (v == null || !v.isObject()) {
            throw new IllegalArgumentException("bundle member '" + name + "' must be an object");
        }
        return v;
    }

    private static String text(JsonNode o, String name) {
        JsonNode v = o.get(name);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("bundle member '" + name + "' must be a string");
        }
        return v.asText();
    }

    private static long number(JsonNode o, String name) {
        JsonNode v = o.get(name);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException("bundle member '" + name + "' must be an integer");
        }
        return v.asLong();
    }

    /** Seconds since 1970 within what an {@link Instant} holds. */
    private static Instant instant(JsonNode o, String name) {
        long seconds = number(o, name);
        if (seconds < Instant.MIN.getEpochSecond() || seconds > Instant.MAX.getEpochSecond()) {
            throw new IllegalArgumentException("bundle member '" + name + "' is no time: " + seconds + " seconds since 1970");
        }
        return Instant.ofEpochSecond(seconds);
    }

    private static Map<String, String> strings(JsonNode o, String name) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode v = o.get(name);
        if (v == null) {
            return out;
        }
        if (!v.isObject()) {
            throw new IllegalArgumentException("bundle member '" + name + "' must be an object of strings");
        }
        for (var it = v.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().isTextual()) {
                throw new IllegalArgumentException(name + "." + e.getKey() + " must be a string");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private static void require(String what, String v) {
        if (v == null || !ID.matcher(v).matches()) {
            throw new IllegalArgumentException(what + " must be 1-64 of A-Z a-z 0-9 _ . -, was '" + v + "'");
        }
    }
}
