package com.wkpos.edge.protocol;

/**
 * Branch → HQ on {@code up/pull}: "send me what I need on top of downstream version {@code since}"
 * (0: a full snapshot); HQ answers on the branch's {@code down/catalog}. It may carry the box's signed
 * license renewal request ({@code licenseRenewal}, a compact JWS; null when none), which HQ answers with
 * a {@link Command} of kind {@link Command#LICENSE_RENEWAL} on {@code down/cmd}, and the number of the last
 * {@link SupplyCommand} the box applied ({@code supplySeq}; null from a box that takes none), which HQ
 * answers with every later one of the branch's supply commands on {@code down/cmd}.
 */
public record Pull(String device, long since, String licenseRenewal, Long supplySeq) {
    public Pull(String device, long since) {
        this(device, since, null, null);
    }

    public Pull(String device, long since, String licenseRenewal) {
        this(device, since, licenseRenewal, null);
    }
}
