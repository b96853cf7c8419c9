package com.wkpos.edge.provisioning.license;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wkpos.edge.provisioning.crypto.Base64Url;
import com.wkpos.edge.provisioning.crypto.Ed25519Key;
import com.wkpos.edge.provisioning.crypto.Jws;
import com.wkpos.edge.provisioning.crypto.JwsException;
import com.wkpos.edge.provisioning.crypto.StrictJson;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A box's heartbeat renewal request, signed with the box's own key ({@code typ
 * wk-renewal-request+jwt}, {@code kid} = the key's thumbprint), so HQ knows which activated device
 * asks without a shared secret. It carries the public key; the thumbprint binds it to the device.
 * Transport-agnostic: the same compact token travels over MQTT or HTTP.
 *
 * @param nonce    fresh random per request; HQ echoes it in the signed reply, so a recorded reply
 *                 cannot be replayed to the box later
 * @param seq      the license seq the box holds (0: none)
 * @param sentAt   the box's trusted time when asking (informational: HQ trusts its own clock)
 */
public record RenewalRequest(String tenant, String device, byte[] deviceKey, String nonce, long seq, Instant sentAt) {
    public static final String TYP = "wk-renewal-request+jwt";

    public RenewalRequest {
        if (tenant == null || tenant.isBlank() || nonce == null || nonce.length() < 16 || seq < 0) {
            throw new IllegalArgumentException("renewal request needs tenant, a nonce of 16+ characters and seq >= 0");
        }
        deviceKey = deviceKey.clone();
        if (!Ed25519Key.thumbprint(deviceKey).equals(device)) {
            throw new IllegalArgumentException("device " + device + " is not the thumbprint of the key sent");
        }
    }

    public String sign(Ed25519Key deviceSigningKey) {
        if (!deviceSigningKey.kid().equals(device)) {
            throw new IllegalArgumentException("request for device " + device + " signed with key " + deviceSigningKey.kid());
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("tenant", tenant);
        c.put("device", device);
        c.put("key", Base64Url.encode(deviceKey));
        c.put("nonce", nonce);
        c.put("seq", seq);
        c.put("sentAt", sentAt.toEpochMilli());
        return Jws.sign(c, TYP, deviceSigningKey);
    }

    /**
     * Verifies a request against the key it carries, after checking that key's thumbprint is the
     * header's kid (so a request can only speak for the device whose key signed it).
     */
    public static RenewalRequest verify(String token) throws JwsException {
        Jws.Verified v = Jws.verify(token, TYP, kid -> {
            Ed25519Key key = carriedKey(token);
            return key != null && key.kid().equals(kid) ? key : null;
        });
        ObjectNode c = v.payload();
        try {
            RenewalRequest r = new RenewalRequest(LicenseClaims.text(c, "tenant"), LicenseClaims.text(c, "device"),
                    Base64Url.decode(LicenseClaims.text(c, "key")), LicenseClaims.text(c, "nonce"),
                    LicenseClaims.integer(c, "seq", Long.MAX_VALUE),
                    Instant.ofEpochMilli(LicenseClaims.integer(c, "sentAt", Long.MAX_VALUE / 4)));
            if (!r.device.equals(v.kid())) {
                throw new IllegalArgumentException("device claim differs from the signing key");
            }
            return r;
        } catch (IllegalArgumentException e) {
            throw new JwsException(JwsException.Reason.BAD_CLAIMS, e.getMessage());
        }
    }

    private static Ed25519Key carriedKey(String token) {
        try {
            String payload = token.split("\\.", -1)[1];
            JsonNode key = StrictJson.object(Base64Url.decode(payload)).get("key");
            return key != null && key.isTextual() ? Ed25519Key.ofPublic(Base64Url.decode(key.asText())) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
