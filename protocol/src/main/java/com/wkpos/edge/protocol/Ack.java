package com.wkpos.edge.protocol;

/**
 * HQ → branch on {@code down/ack}: every entry of {@code device} up to {@code ackedSeq} is committed at
 * HQ (the contiguous high-water mark; entries above a gap are held, not acknowledged).
 *
 * @param hqTime HQ's clock when it acknowledged (ISO-8601), for lag display and the license clock
 */
public record Ack(String device, long ackedSeq, String hqTime) {
}
