package com.wkpos.edge.agent.device;

import com.wkpos.edge.drivers.api.Device;
import com.wkpos.edge.drivers.api.DeviceException;
import com.wkpos.edge.drivers.api.DeviceState;
import com.wkpos.edge.drivers.api.DeviceUri;
import com.wkpos.edge.drivers.zvt.ZvtSimulator;
import com.wkpos.edge.drivers.zvt.ZvtTerminal;
import java.io.IOException;
import java.util.List;

/** Card terminals by URI scheme; {@code sim} is a ZVT terminal simulator on a loopback port, driven over ZVT. */
final class Terminals {
    private Terminals() {
    }

    static Device open(DeviceUri uri, List<AutoCloseable> simulators) throws DeviceException {
        return switch (uri.scheme()) {
            case "zvt+tcp", "zvt+serial" -> ZvtTerminal.open(uri);
            case "sim" -> {
                ZvtSimulator sim;
                try {
                    sim = ZvtSimulator.start();
                } catch (IOException e) {
                    throw new DeviceException("terminal=sim cannot start its simulator: " + e.getMessage(),
                            DeviceState.of(DeviceState.Status.OFFLINE, e.getMessage()), e);
                }
                simulators.add(sim);
                yield ZvtTerminal.open(DeviceUri.parse("zvt+tcp://127.0.0.1:" + sim.port()));
            }
            default -> throw new IllegalArgumentException(uri + " does not name a card terminal; use zvt+tcp://host:20007"
                    + " or zvt+serial:/dev/ttyUSB1");
        };
    }
}
