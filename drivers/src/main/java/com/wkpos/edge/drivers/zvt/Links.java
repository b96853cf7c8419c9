package com.wkpos.edge.drivers.zvt;

import java.io.IOException;

/** Opens the real link a configuration names: a TCP socket or a jssc serial port. */
final class Links {
    private Links() {
    }

    /** Connects within the ACK timeout (TCP) or opens the port (serial). */
    static ZvtLink open(ZvtConfig config) throws IOException {
        if (config.serial()) {
            return SerialLink.open(JsscPort.open(config.device(), config.baud()), config.ackTimeout());
        }
        return TcpLink.connect(config.host(), config.port(), config.ackTimeout());
    }
}
