package com.wkpos.edge.drivers.escpos;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;

import org.tinylog.Logger;
import org.usb4java.BufferUtils;
import org.usb4java.ConfigDescriptor;
import org.usb4java.Context;
import org.usb4java.Device;
import org.usb4java.DeviceDescriptor;
import org.usb4java.DeviceHandle;
import org.usb4java.DeviceList;
import org.usb4java.EndpointDescriptor;
import org.usb4java.Interface;
import org.usb4java.InterfaceDescriptor;
import org.usb4java.LibUsb;

/**
 * One claimed interface of a USB printer, through usb4java's libusb binding (not javax.usb: its pipes have
 * no read timeout and no say over the kernel driver). Claiming takes the interface from the kernel's usblp
 * driver when the target allows it, and {@link #release} gives it back, so {@code /dev/usb/lpN} returns.
 * With several printers of the same id attached, the first libusb lists is used.
 *
 * <p>Not thread-safe: {@link UsbLink} makes one call at a time.
 */
final class LibUsbPipe implements UsbPipe {
    private final UsbTarget target;
    private final DeviceHandle handle;
    private final Endpoints endpoints;
    private final boolean detached;
    private final ByteBuffer out = BufferUtils.allocateByteBuffer(UsbLink.CHUNK);
    private final ByteBuffer in;
    private final IntBuffer transferred = BufferUtils.allocateIntBuffer();

    /** The interface's bulk endpoints; {@code in} is 0 when it has none (a write-only printer). */
    record Endpoints(byte out, byte in, int inPacketSize) {
        boolean hasIn() {
            return in != 0;
        }
    }

    private LibUsbPipe(UsbTarget target, DeviceHandle handle, Endpoints endpoints, boolean detached) {
        this.target = target;
        this.handle = handle;
        this.endpoints = endpoints;
        this.detached = detached;
        this.in = BufferUtils.allocateByteBuffer(Math.max(1, endpoints.inPacketSize()));
    }

    /**
     * Finds the printer, opens it, detaches usblp if asked and claims the interface. Quick: no transfers.
     *
     * @throws IOException naming the printer: libusb unavailable, not attached, no permission, interface busy
     */
    static LibUsbPipe claim(UsbTarget target) throws IOException {
        return claim(target, LibUsbContext.get(target));
    }

    /** As {@link #claim(UsbTarget)}, in the given libusb context. */
    static LibUsbPipe claim(UsbTarget target, Context context) throws IOException {
        Device device = find(context, target);
        try {
            Endpoints endpoints = endpoints(target, device);
            DeviceHandle handle = new DeviceHandle();
            int opened = LibUsb.open(device, handle);
            if (opened != LibUsb.SUCCESS) {
                throw new IOException(openFailure(target, opened));
            }
            return claimInterface(target, handle, endpoints);
        } finally {
            LibUsb.unrefDevice(device);
        }
    }

    @Override
    public boolean canReceive() {
        return endpoints.hasIn();
    }

    @Override
    public int packetSize() {
        return in.capacity();
    }

    @Override
    public int send(byte[] data, int offset, int length, long timeoutMillis) throws IOException {
        int n = Math.min(length, out.capacity());
        out.clear();
        out.put(data, offset, n);
        // libusb4java transfers a buffer's whole capacity from its start, so pass a view of exactly n bytes
        return transfer(endpoints.out(), out.slice(0, n), timeoutMillis, "bulk OUT");
    }

    @Override
    public int receive(byte[] into, long timeoutMillis) throws IOException {
        if (!endpoints.hasIn()) {
            throw new IOException(target + " has no bulk IN endpoint");
        }
        int n = transfer(endpoints.in(), in, timeoutMillis, "bulk IN");
        in.get(0, into, 0, n);
        return n;
    }

    @Override
    public void release() {
        // a failed release needs no handling: closing the handle below releases the interface anyway
        LibUsb.releaseInterface(handle, target.iface());
        if (detached) {
            int result = LibUsb.attachKernelDriver(handle, target.iface());
            if (result != LibUsb.SUCCESS && result != LibUsb.ERROR_NO_DEVICE) {
                Logger.warn("could not give interface {} of {} back to the kernel driver ({}); /dev/usb/lpN returns on replug",
                        target.iface(), target, errorName(result));
            }
        }
        LibUsb.close(handle);
    }

    /** The message for a failed open; pure, so it is tested without a device. */
    static String openFailure(UsbTarget target, int code) {
        return switch (code) {
            case LibUsb.ERROR_ACCESS -> target + ": no permission to open it (" + errorName(code)
                    + "); give the service user access with a udev rule, or print through usblp:/dev/usb/lpN";
            case LibUsb.ERROR_NO_DEVICE -> target + " is not attached (unplugged while opening)";
            default -> target + ": cannot open it (" + errorName(code) + ")";
        };
    }

    /** The message for a failed claim; pure, so it is tested without a device. */
    static String claimFailure(UsbTarget target, int code) {
        if (code != LibUsb.ERROR_BUSY) {
            return "cannot claim interface " + target.iface() + " of " + target + " (" + errorName(code) + ")";
        }
        String holder = target.detach() ? "another program (CUPS?) holds it"
                : "the kernel usblp driver or another program holds it, and detach=false keeps it there";
        return "interface " + target.iface() + " of " + target + " is busy (" + errorName(code) + "): " + holder
                + "; print through usblp:/dev/usb/lpN instead";
    }

    /** libusb's name for an error code, without calling into the native library. */
    static String errorName(int code) {
        return switch (code) {
            case LibUsb.ERROR_IO -> "LIBUSB_ERROR_IO";
            case LibUsb.ERROR_INVALID_PARAM -> "LIBUSB_ERROR_INVALID_PARAM";
            case LibUsb.ERROR_ACCESS -> "LIBUSB_ERROR_ACCESS";
            case LibUsb.ERROR_NO_DEVICE -> "LIBUSB_ERROR_NO_DEVICE";
            case LibUsb.ERROR_NOT_FOUND -> "LIBUSB_ERROR_NOT_FOUND";
            case LibUsb.ERROR_BUSY -> "LIBUSB_ERROR_BUSY";
            case LibUsb.ERROR_TIMEOUT -> "LIBUSB_ERROR_TIMEOUT";
            case LibUsb.ERROR_OVERFLOW -> "LIBUSB_ERROR_OVERFLOW";
            case LibUsb.ERROR_PIPE -> "LIBUSB_ERROR_PIPE";
            case LibUsb.ERROR_INTERRUPTED -> "LIBUSB_ERROR_INTERRUPTED";
            case LibUsb.ERROR_NO_MEM -> "LIBUSB_ERROR_NO_MEM";
            case LibUsb.ERROR_NOT_SUPPORTED -> "LIBUSB_ERROR_NOT_SUPPORTED";
            case LibUsb.ERROR_OTHER -> "LIBUSB_ERROR_OTHER";
            default -> "libusb error " + code;
        };
    }

    private static LibUsbPipe claimInterface(UsbTarget target, DeviceHandle handle, Endpoints endpoints) throws IOException {
        try {
            boolean detached = detachKernelDriver(target, handle);
            int claimed = LibUsb.claimInterface(handle, target.iface());
            if (claimed != LibUsb.SUCCESS) {
                if (detached) {
                    LibUsb.attachKernelDriver(handle, target.iface());
                }
                throw new IOException(claimFailure(target, claimed));
            }
            return new LibUsbPipe(target, handle, endpoints, detached);
        } catch (IOException | RuntimeException e) {
            LibUsb.close(handle);
            throw e;
        }
    }

    /** True when a kernel driver held the interface and was detached (to be re-attached on release). */
    private static boolean detachKernelDriver(UsbTarget target, DeviceHandle handle) throws IOException {
        if (!target.detach()) {
            return false;
        }
        int active = LibUsb.kernelDriverActive(handle, target.iface());
        if (active == 0 || active == LibUsb.ERROR_NOT_SUPPORTED) {
            return false;
        }
        if (active < 0) {
            throw new IOException(target + ": cannot tell whether a kernel driver holds interface " + target.iface()
                    + " (" + errorName(active) + ")");
        }
        int result = LibUsb.detachKernelDriver(handle, target.iface());
        if (result != LibUsb.SUCCESS) {
            throw new IOException(target + ": cannot detach the kernel driver from interface " + target.iface() + " ("
                    + errorName(result) + "); print through usblp:/dev/usb/lpN instead");
        }
        return true;
    }

    /** The first attached device with the target's id, referenced: the caller unrefs it. */
    private static Device find(Context context, UsbTarget target) throws IOException {
        DeviceList list = new DeviceList();
        int count = LibUsb.getDeviceList(context, list);
        if (count < 0) {
            throw new IOException(target + ": cannot list USB devices (" + errorName(count) + ")");
        }
        try {
            for (Device device : list) {
                DeviceDescriptor descriptor = new DeviceDescriptor();
                if (LibUsb.getDeviceDescriptor(device, descriptor) == LibUsb.SUCCESS
                        && (descriptor.idVendor() & 0xFFFF) == target.id().vendor()
                        && (descriptor.idProduct() & 0xFFFF) == target.id().product()) {
                    return LibUsb.refDevice(device);
                }
            }
        } finally {
            LibUsb.freeDeviceList(list, true);
        }
        throw new IOException(target + " is not attached");
    }

    private static Endpoints endpoints(UsbTarget target, Device device) throws IOException {
        ConfigDescriptor config = new ConfigDescriptor();
        int result = LibUsb.getActiveConfigDescriptor(device, config);
        if (result != LibUsb.SUCCESS) {
            throw new IOException(target + ": cannot read its active configuration (" + errorName(result) + ")");
        }
        try {
            for (Interface iface : config.iface()) {
                InterfaceDescriptor setting = iface.altsetting()[0];
                if ((setting.bInterfaceNumber() & 0xFF) == target.iface()) {
                    return bulkEndpoints(target, setting);
                }
            }
            throw new IOException(target + " has no interface " + target.iface() + "; set option interface");
        } finally {
            LibUsb.freeConfigDescriptor(config);
        }
    }

    private static Endpoints bulkEndpoints(UsbTarget target, InterfaceDescriptor setting) throws IOException {
        byte out = 0;
        byte in = 0;
        int inPacketSize = 0;
        for (EndpointDescriptor endpoint : setting.endpoint()) {
            boolean bulk = (endpoint.bmAttributes() & LibUsb.TRANSFER_TYPE_MASK) == LibUsb.TRANSFER_TYPE_BULK;
            boolean isIn = (endpoint.bEndpointAddress() & LibUsb.ENDPOINT_DIR_MASK) == LibUsb.ENDPOINT_IN;
            if (bulk && isIn && in == 0) {
                in = endpoint.bEndpointAddress();
                inPacketSize = endpoint.wMaxPacketSize() & 0x7FF;
            } else if (bulk && !isIn && out == 0) {
                out = endpoint.bEndpointAddress();
            }
        }
        if (out == 0) {
            throw new IOException(target + " interface " + target.iface() + " has no bulk OUT endpoint; it is no printer interface");
        }
        return new Endpoints(out, in, inPacketSize);
    }

    private int transfer(byte endpoint, ByteBuffer buffer, long timeoutMillis, String what) throws IOException {
        transferred.put(0, 0);
        // libusb waits forever on a timeout of 0
        int result = LibUsb.bulkTransfer(handle, endpoint, buffer, transferred, Math.max(1, timeoutMillis));
        return switch (result) {
            case LibUsb.SUCCESS, LibUsb.ERROR_TIMEOUT -> transferred.get(0);
            case LibUsb.ERROR_NO_DEVICE -> throw new EOFException(target + " was unplugged");
            default -> throw new IOException(target + " " + what + " failed (" + errorName(result) + ")");
        };
    }
}
