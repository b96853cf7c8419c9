package com.wkpos.edge.drivers.usb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import javax.usb.UsbException;
import javax.usb.UsbHostManager;
import javax.usb.UsbServices;

import org.tinylog.Logger;
import org.usb4java.LoaderException;

/**
 * The javax.usb services (usb4java, chosen by {@code javax.usb.properties}), or why there are none.
 *
 * <p>{@link UsbHostManager} keeps the services once made and tries again on every call after a failure, so
 * a box that gains USB access later recovers by itself; each failure is cheap (libusb refuses at once).
 * Failures are usbfs missing, libusb refusing to start (permissions) or no native libusb for this CPU.
 * Each distinct problem is logged once. Thread-safe.
 */
final class UsbHost {
    static final Path USBFS = Path.of("/dev/bus/usb");
    private static final AtomicReference<String> LOGGED = new AtomicReference<>("");

    /** @param services null when USB is unavailable; then {@code problem} says why */
    record Access(UsbServices services, String problem) {
        /** Brings usb4java's view of the bus up to date now instead of at its next poll. */
        void rescan() {
            if (services instanceof org.usb4java.javax.Services usb4java) {
                usb4java.scan();
            }
        }
    }

    private UsbHost() {
    }

    /** Never throws for a missing USB stack; blocking only while libusb starts (milliseconds). */
    static Access access() {
        return access(USBFS);
    }

    /**
     * Without usbfs libusb may still start but can open nothing, and lists nothing useful: answer that plainly
     * rather than load native code and start usb4java's scanner thread for nothing.
     */
    static Access access(Path usbfs) {
        if (System.getProperty("os.name", "").startsWith("Linux") && !Files.isDirectory(usbfs)) {
            return new Access(null, reportProblem("USB unavailable: there is no " + usbfs
                    + " (no USB on this box, or not passed into the container)"));
        }
        try {
            return new Access(UsbHostManager.getUsbServices(), "");
        } catch (UsbException e) {
            return new Access(null, reportProblem("USB unavailable: " + e.getMessage()));
        } catch (LoaderException | LinkageError e) {
            return new Access(null, reportProblem("USB unavailable: usb4java has no working native libusb for "
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch") + " (" + e + ")"));
        } catch (RuntimeException e) {
            return new Access(null, reportProblem("USB unavailable: " + e));
        }
    }

    /** Logs the problem unless it is the one logged last; returns it. */
    static String reportProblem(String problem) {
        if (!problem.equals(LOGGED.getAndSet(problem))) {
            Logger.warn("USB devices cannot be listed: {}", problem);
        }
        return problem;
    }
}
