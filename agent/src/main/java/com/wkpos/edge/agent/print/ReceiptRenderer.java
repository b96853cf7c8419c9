package com.wkpos.edge.agent.print;

/** Turns a print job into the ESC/POS bytes of its receipt. */
@FunctionalInterface
public interface ReceiptRenderer {
    /** @param copy print the copy banner */
    byte[] render(PrintJob job, boolean copy);
}
