package com.wkpos.edge.provisioning.license;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wkpos.edge.provisioning.crypto.Ed25519Key;
import com.wkpos.edge.provisioning.crypto.Jws;
import com.wkpos.edge.provisioning.crypto.JwsException;
import com.wkpos.edge.provisioning.crypto.KeySet;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * HQ's signed answer to a {@link RenewalRequest} ({@code typ wk-renewal+jwt}, HQ's key): HQ's own
 * time, the box's nonce, the tenant's and device's standing, and — while active — the current
 * device license token. The box counts its offline grace from {@code hqTime} of the last reply it
 * accepted.
 */
public record RenewalReply(String iss, String tenant, String device, String nonce, Instant hqTime, Status status,
                           Optional<String> license, String detail) {
    public static final String TYP = "wk-renewal+jwt";

    /** The standing HQ reports; every one but {@code ACTIVE} locks the box until it changes. */
    public enum Status {
        ACTIVE, SUSPENDED, REVOKED, DEACTIVATED, DEVICE_LIMIT_REACHED, UNKNOWN_TENANT
    }

    public RenewalReply {
        if (nonce == null || hqTime == null || status == null || tenant == null || device == null || iss == null) {
            throw new IllegalArgumentException("renewal reply needs iss, tenant, device, nonce, hqTime and status");
        }
        detail = detail == null ? "" : detail;
        if (status == Status.ACTIVE && license.isEmpty()) {
            throw new IllegalArgumentException("an ACTIVE renewal reply carries the license");
        }
    }

    public String sign(Ed25519Key hqKey) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("iss", iss);
        c.put("tenant", tenant);
        c.put("device", device);
        c.put("nonce", nonce);
        c.put("hqTime", hqTime.toEpochMilli());
        c.put("status", status.name());
        license.ifPresent(l -> c.put("license", l));
        c.put("detail", detail);
        return Jws.sign(c, TYP, hqKey);
    }

    public static RenewalReply verify(String token, KeySet pinned) throws JwsException {
        ObjectNode c = Jws.verify(token, TYP, pinned).payload();
        try {
            JsonNode license = c.get("license");
            if (license != null && !license.isTextual()) {
                throw new IllegalArgumentException("claim 'license' must be a string");
            }
            JsonNode detail = c.get("detail");
            return new RenewalReply(LicenseClaims.text(c, "iss"), LicenseClaims.text(c, "tenant"),
                    LicenseClaims.text(c, "device"), LicenseClaims.text(c, "nonce"),
                    Instant.ofEpochMilli(LicenseClaims.integer(c, "hqTime", Long.MAX_VALUE / 4)),
                    Status.valueOf(LicenseClaims.text(c, "status")), Optional.ofNullable(license).map(JsonNode::asText),
                    detail == null ? "" : detail.asText());
        } catch (IllegalArgumentException e) {
            throw new JwsException(JwsException.Reason.BAD_CLAIMS, e.getMessage());
        }
    }
}
