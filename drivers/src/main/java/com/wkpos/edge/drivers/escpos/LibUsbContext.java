package com.wkpos.edge.drivers.escpos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.usb4java.Context;
import org.usb4java.LibUsb;
import org.usb4java.LoaderException;

/**
 * The one libusb context every raw USB printer shares, made on first use and kept for the life of the
 * process (a context per link would start and stop libusb's event machinery on every reconnect attempt).
 * Thread-safe: libusb contexts are, and making it is synchronised.
 */
final class LibUsbContext {
    private static final Path USBFS = Path.of("/dev/bus/usb");
    private static Context context;
    /** Set when usb4java's native library cannot load here: that does not change while the process runs. */
    private static String noNativeLibrary;

    private LibUsbContext() {
    }

    /**
     * The shared context. A failed start is tried again on the next call (cheap: libusb refuses at once), so a
     * box that gains USB access recovers without a restart.
     *
     * @throws IOException naming the printer and why libusb is unavailable
     */
    static synchronized Context get(UsbTarget target) throws IOException {
        if (context != null) {
            return context;
        }
        // libusb may start without usbfs, but then opens nothing: say so rather than "not attached"
        if (System.getProperty("os.name", "").startsWith("Linux") && !Files.isDirectory(USBFS)) {
            throw new IOException(target + ": libusb unavailable: there is no " + USBFS
                    + " (no USB on this box, or not passed into the container)");
        }
        if (noNativeLibrary != null) {
            throw new IOException(target + ": libusb unavailable: " + noNativeLibrary);
        }
        Context fresh = new Context();
        int result;
        try {
            result = LibUsb.init(fresh);
        } catch (LoaderException | LinkageError e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            noNativeLibrary = "usb4java has no working native libusb for " + System.getProperty("os.name") + " "
                    + System.getProperty("os.arch") + " (" + cause.getMessage() + ")";
            throw new IOException(target + ": libusb unavailable: " + noNativeLibrary, e);
        }
        if (result != LibUsb.SUCCESS) {
            throw new IOException(target + ": libusb unavailable: it failed to start with " + LibUsbPipe.errorName(result));
        }
        context = fresh;
        return context;
    }
}
