package com.wkpos.edge.agent.device;

import com.wkpos.edge.drivers.api.Device;
import com.wkpos.edge.drivers.api.DeviceException;
import com.wkpos.edge.drivers.api.DeviceUri;

/** Makes the device for a role from its URI ({@code printer}, {@code drawer}, {@code scanner}, …). */
@FunctionalInterface
public interface DeviceOpener {
    /**
     * @param devices the manager, for devices that ride on another (a drawer kicked through the printer)
     * @throws DeviceException       when the device cannot be reached now (retried with backoff)
     * @throws IllegalArgumentException when the URI cannot name a device of this role (not retried)
     */
    Device open(String role, DeviceUri uri, DeviceManager devices) throws DeviceException;
}
