package com.wkpos.edge.drivers.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wkpos.edge.drivers.api.DeviceException;
import com.wkpos.edge.drivers.api.DeviceUri;
import org.junit.jupiter.api.Test;

class SimPoleDisplayTest {
    @Test
    void keepsTheLastTwoLinesFittedToTwentyColumns() throws DeviceException {
        SimPoleDisplay display = SimPoleDisplay.open(DeviceUri.parse("sim"));
        display.show("Welcome", "");
        display.show("Croissant", "Total EUR 12.80 incl. VAT");
        assertThat(display.lines()).containsExactly("Croissant           ", "Total EUR 12.80 incl");
    }

    @Test
    void closedDisplayRefusesToShow() {
        SimPoleDisplay display = SimPoleDisplay.open(DeviceUri.parse("sim"));
        display.close();
        assertThatThrownBy(() -> display.show("a", "b")).isInstanceOf(DeviceException.class)
                .hasMessageContaining("state=CLOSED");
    }
}
