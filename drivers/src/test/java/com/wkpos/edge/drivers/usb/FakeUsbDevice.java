package com.wkpos.edge.drivers.usb;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;

import javax.usb.UsbDevice;
import javax.usb.UsbDeviceDescriptor;
import javax.usb.UsbDisconnectedException;
import javax.usb.UsbException;
import javax.usb.UsbHub;
import javax.usb.UsbPort;
import javax.usb.UsbServices;

/**
 * A javax.usb device (or hub) that answers what usb4java's would: its descriptor ids, its strings, its
 * {@code Bus 001 Device 007} name, and {@link UsbDisconnectedException} once unplugged. Anything else the
 * code under test should not touch fails loudly.
 */
final class FakeUsbDevice implements InvocationHandler {
    private final UsbId id;
    private final String manufacturer;
    private final String product;
    private final int address;
    private final List<UsbDevice> children;
    private volatile boolean plugged = true;
    private volatile boolean stringsReadable = true;
    private final UsbDevice device;

    private FakeUsbDevice(UsbId id, String manufacturer, String product, int address, List<UsbDevice> children) {
        this.id = id;
        this.manufacturer = manufacturer;
        this.product = product;
        this.address = address;
        this.children = children;
        Class<?> type = children == null ? UsbDevice.class : UsbHub.class;
        this.device = (UsbDevice) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, this);
    }

    static FakeUsbDevice device(String id, String manufacturer, String product, int address) {
        return new FakeUsbDevice(UsbId.parse(id), manufacturer, product, address, null);
    }

    static UsbHub hub(int address, UsbDevice... attached) {
        return (UsbHub) new FakeUsbDevice(UsbId.parse("1d6b:0002"), "Linux", "hub", address, List.of(attached)).device;
    }

    static UsbServices services() {
        return (UsbServices) Proxy.newProxyInstance(FakeUsbDevice.class.getClassLoader(), new Class<?>[] {UsbServices.class},
                (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    UsbDevice usb() {
        return device;
    }

    /** Like usb4java: the device leaves its port, and asking it anything fails from now on. */
    void unplug() {
        plugged = false;
    }

    /** Like a device the service user has no permission to open. */
    void denyStrings() {
        stringsReadable = false;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        return switch (method.getName()) {
            case "getUsbDeviceDescriptor" -> descriptor();
            case "getManufacturerString" -> string(manufacturer);
            case "getProductString" -> string(product);
            case "getParentUsbPort" -> port();
            case "isUsbHub" -> children != null;
            case "getAttachedUsbDevices" -> children;
            case "toString" -> "Bus %03d Device %03d: ID %s".formatted(1, address, id);
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> throw new UnsupportedOperationException(method.getName());
        };
    }

    private String string(String value) throws UsbException {
        if (!plugged) {
            throw new UsbDisconnectedException();
        }
        if (!stringsReadable) {
            throw new UsbException("USB error 3: Can't open device: Access denied (insufficient permissions)");
        }
        return value;
    }

    private UsbPort port() {
        if (!plugged) {
            throw new UsbDisconnectedException();
        }
        return (UsbPort) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {UsbPort.class},
                (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private UsbDeviceDescriptor descriptor() {
        return (UsbDeviceDescriptor) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {UsbDeviceDescriptor.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "idVendor" -> (short) id.vendor();
                    case "idProduct" -> (short) id.product();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
