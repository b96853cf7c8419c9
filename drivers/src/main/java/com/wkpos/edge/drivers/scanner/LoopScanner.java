package com.wkpos.edge.drivers.scanner;

import com.wkpos.edge.drivers.api.DeviceException;
import com.wkpos.edge.drivers.api.DeviceState;
import com.wkpos.edge.drivers.api.DeviceUri;
import java.time.Clock;
import java.util.Set;

/**
 * A scanner fed by a {@link ReadLoop} over an opened device. Reconnecting is the caller's job: when the
 * device is lost (unplugged) the scanner goes {@code OFFLINE}, emits a {@code device.state} event and
 * stays so until {@link #reconnect()} succeeds. Thread-safe; scans are delivered on the reader thread.
 */
abstract class LoopScanner extends DispatchingScanner {
    private final Object lock = new Object();
    private ReadLoop loop;
    private boolean closed;

    LoopScanner(DeviceUri uri, String scheme, String needs, Set<String> ownOptions, Clock clock) {
        super(uri, scheme, needs, ownOptions, clock);
    }

    /**
     * Opens the device and builds an unstarted reader for it, which must report a loss through
     * {@link #lost}. Called under the scanner's lock.
     *
     * @throws DeviceException the device cannot be opened now
     */
    abstract ReadLoop openLoop() throws DeviceException;

    /**
     * Opens the device again after it was lost. Does nothing while the scanner is reading. Blocking for
     * as long as opening the device takes.
     *
     * @throws DeviceException as opening does (OFFLINE while the device is still missing), or state CLOSED
     *                         after close
     */
    public void reconnect() throws DeviceException {
        ReadLoop finished = null;
        try {
            synchronized (lock) {
                if (closed) {
                    throw new DeviceException("scanner=" + uri + " state=CLOSED",
                            DeviceState.of(DeviceState.Status.CLOSED, ""));
                }
                if (loop != null && loop.isRunning()) {
                    return;
                }
                finished = loop;
                loop = null;
                ReadLoop next = openLoop();
                loop = next;
                next.start();
                dispatcher.state(DeviceState.online());
            }
        } finally {
            // the lost reader may still be on its way out: wait for it, outside the lock it may need
            if (finished != null) {
                finished.stop();
            }
        }
    }

    /** Stops the reader (bounded), which releases the device. Idempotent. */
    @Override
    public void close() {
        ReadLoop stopping;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            stopping = loop;
            loop = null;
            dispatcher.state(DeviceState.of(DeviceState.Status.CLOSED, "closed"));
        }
        if (stopping != null) {
            stopping.stop();
        }
    }

    /** Called by the reader thread of {@code which} when its device went away. */
    final void lost(ReadLoop which, String reason) {
        synchronized (lock) {
            if (!closed && which == loop) {
                dispatcher.state(DeviceState.of(DeviceState.Status.OFFLINE, reason));
            }
        }
    }
}
