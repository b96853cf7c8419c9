package com.wkpos.edge.protocol;

/**
 * Branch → HQ on {@code up/pull}: "send me what I need on top of downstream version {@code since}"
 * (0: a full snapshot); HQ answers on the branch's {@code down/catalog}. It may carry the box's signed
 * license renewal request ({@code licenseRenewal}, a compact JWS; null when none), which HQ answers with
 * a {@link Command} of kind {@link Command#LICENSE_RENEWAL} on {@code down/cmd}.
 */
public record Pull(String device, long since, String licenseRenewal) {
    public Pull(String device, long since) {
        this(device, since, null);
    }
}
