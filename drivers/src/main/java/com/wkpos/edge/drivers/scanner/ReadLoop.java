package com.wkpos.edge.drivers.scanner;

/** A reader thread over one opened device; it releases the device when it ends. */
interface ReadLoop {
    void start();

    /** False once stopped or once the device was lost. */
    boolean isRunning();

    /** Ends the reader and waits for it, bounded; safe to call on a loop that already ended. */
    void stop();
}
