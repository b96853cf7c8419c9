package com.wkpos.edge.drivers.api;

import java.util.function.Consumer;

/**
 * A card payment terminal (ZVT over TCP or serial). One transaction at a time: a second call while
 * one runs waits for it. Every transaction call blocks until the terminal finished or timed out and
 * forwards the terminal's intermediate texts ("insert card", "enter PIN") to {@code prompts} as they
 * arrive. Outcomes are values; only a terminal that cannot be reached at all is a
 * {@link DeviceException}.
 */
public interface CardTerminal extends Device {
    /** Logs the ECR on to the terminal (ZVT 06 00) with the currency the branch sells in. */
    void register(String currency) throws DeviceException;

    /** Charges {@code amount} minor units (ZVT 06 01). */
    CardOutcome authorize(long amount, String currency, Consumer<String> prompts) throws DeviceException;

    /** Cancels an earlier approved payment by its terminal receipt number (ZVT 06 30). */
    CardOutcome reverse(String receiptNo, Consumer<String> prompts) throws DeviceException;

    /** Refunds {@code amount} minor units to a card (ZVT 06 31). */
    CardOutcome refund(long amount, String currency, Consumer<String> prompts) throws DeviceException;

    /** Closes the terminal's day and returns its totals slip (ZVT 06 50). */
    CardOutcome endOfDay(Consumer<String> prompts) throws DeviceException;

    /** Asks the terminal to abort the transaction in progress (ZVT 06 B0); returns at once. */
    void abort();
}
