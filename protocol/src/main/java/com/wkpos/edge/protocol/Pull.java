package com.wkpos.edge.protocol;

/**
 * Branch → HQ on {@code up/pull}: "send me what I need on top of downstream version {@code since}"
 * (0: a full snapshot). HQ answers on the branch's {@code down/catalog}.
 */
public record Pull(String device, long since) {
}
