package com.wkpos.edge.protocol;

/**
 * HQ → branch on {@code down/cmd}: an instruction for one device of the branch. The body carries its own
 * signature where it matters (a license renewal reply is a JWS signed by HQ's license key), so the broker
 * cannot forge one.
 */
public record Command(String device, String kind, String body) {
    /** The body is HQ's signed renewal reply to the box's latest request. */
    public static final String LICENSE_RENEWAL = "license-renewal";
    /** The body is a {@link SignedMessage} of a {@link SupplyCommand}. */
    public static final String SUPPLY = "supply";

    public Command {
        if (device == null || kind == null || body == null) {
            throw new IllegalArgumentException("a command needs device, kind and body");
        }
    }
}
