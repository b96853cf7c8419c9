package com.wkpos.edge.hardware.real;

import static org.assertj.core.api.Assertions.assertThat;

import com.wkpos.edge.drivers.api.DeviceException;
import com.wkpos.edge.drivers.display.SerialPoleDisplay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real 2×20 customer pole display through {@link SerialPoleDisplay}:
 * {@code WK_EDGE_DISPLAY=serial:/dev/ttyUSB1?baud=9600&charset=IBM437}.
 */
class DisplayHardwareIT {
    private static final String FIRST_LINE = "WK Edge Anzeigetest";

    private SerialPoleDisplay display;

    @BeforeEach
    void connect() throws DeviceException {
        display = SerialPoleDisplay.open(Bench.DISPLAY.uri());
        Technician.note("display " + display.uri() + " is " + Technician.shown(display.state()));
    }

    @AfterEach
    void disconnect() {
        if (display != null) {
            display.close();
        }
    }

    @Test
    void twoLinesAppearWithUmlauts() throws DeviceException {
        String code = TestPrints.digits(4);
        String secondLine = "Grüße! Code " + code;

        display.show(FIRST_LINE, secondLine);

        Technician.say("The display should read '" + FIRST_LINE + "' over '" + secondLine + "'.");
        Technician.ask("Type the 4-digit code on the display's second line, then Enter:")
                .ifPresentOrElse(typed -> assertThat(typed)
                                .as("the code on the display; nothing legible means wrong baud or no power")
                                .isEqualTo(code),
                        () -> Technician.note("it must show code " + code));
        Technician.confirm("Does 'Grüße' show with ü and ß?", "the display's code page differs: set charset= on "
                + Bench.DISPLAY.variable() + " (IBM437, IBM850, IBM00858, see README.md)");
    }
}
