package com.wkpos.edge.drivers.gpio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutput;
import com.wkpos.edge.drivers.api.DeviceEvent;
import com.wkpos.edge.drivers.api.DeviceException;
import com.wkpos.edge.drivers.api.DeviceState.Status;
import com.wkpos.edge.drivers.api.DeviceUri;
import com.wkpos.edge.drivers.gpio.MockLines.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GpioDrawerTest {
    private final Context context = MockLines.context();
    private final List<GpioDrawer> drawers = new ArrayList<>();
    private final DrawerEvents events = new DrawerEvents();

    @AfterEach
    void release() {
        drawers.forEach(GpioDrawer::close);
        context.shutdown();
    }

    @Test
    void kickDrivesTheLineHighForThePulseThenLow() throws Exception {
        GpioDrawer drawer = drawer("gpio:17?pulse=30");
        MockDigitalOutput line = MockLines.output(context, 17);
        List<Level> levels = MockLines.history(line);
        assertThat(drawer.state().status()).isEqualTo(Status.ONLINE);
        assertThat(line.state()).isEqualTo(DigitalState.LOW);

        drawer.open();

        assertThat(levels).extracting(Level::state).containsExactly(DigitalState.HIGH, DigitalState.LOW);
        assertThat(highFor(levels.get(0), levels.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(30));
        assertThat(line.state()).isEqualTo(DigitalState.LOW);
    }

    @Test
    void kicksFromTwoThreadsRunOneAfterTheOther() throws Exception {
        GpioDrawer drawer = drawer("gpio:17?pulse=150");
        List<Level> levels = MockLines.history(MockLines.output(context, 17));
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService cashiers = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> kicks = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                kicks.add(cashiers.submit(() -> {
                    start.await();
                    drawer.open();
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> kick : kicks) {
                kick.get(5, TimeUnit.SECONDS);
            }
        } finally {
            cashiers.shutdownNow();
        }

        // overlapping kicks would merge into one long HIGH ... LOW and lose a pulse
        assertThat(levels).extracting(Level::state)
                .containsExactly(DigitalState.HIGH, DigitalState.LOW, DigitalState.HIGH, DigitalState.LOW);
        assertThat(highFor(levels.get(0), levels.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        assertThat(highFor(levels.get(2), levels.get(3))).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    }

    @Test
    void switchHighMeansOpenByDefault() throws Exception {
        GpioDrawer drawer = drawer("gpio:17?sensor=27&debounce=5");
        MockDigitalInput sw = MockLines.input(context, 27);
        assertThat(drawer.isOpen()).contains(false);

        sw.mockState(DigitalState.HIGH);
        DeviceEvent opened = events.next();
        sw.mockState(DigitalState.LOW);
        DeviceEvent closed = events.next();

        assertThat(opened.type()).isEqualTo("drawer.opened");
        assertThat(opened.device()).isEqualTo("gpio:17?sensor=27&debounce=5");
        assertThat(opened.data()).containsEntry("pin", 17).containsEntry("sensor", 27);
        assertThat(closed.type()).isEqualTo("drawer.closed");
        assertThat(drawer.isOpen()).contains(false);
    }

    @Test
    void switchWithOpenLowReportsTheOtherWayRound() throws Exception {
        GpioDrawer drawer = drawer("gpio:17?sensor=27&open=low&pull=down&debounce=5");
        MockDigitalInput sw = MockLines.input(context, 27);
        assertThat(drawer.isOpen()).as("the mock switch starts low").contains(true);

        sw.mockState(DigitalState.HIGH);
        assertThat(events.next().type()).isEqualTo("drawer.closed");
        assertThat(drawer.isOpen()).contains(false);
        sw.mockState(DigitalState.LOW);
        assertThat(events.next().type()).isEqualTo("drawer.opened");
        assertThat(drawer.isOpen()).contains(true);
    }

    @Test
    void contactBounceInsideTheDebounceWindowIsOneEvent() throws Exception {
        drawer("gpio:17?sensor=27&debounce=200");
        MockDigitalInput sw = MockLines.input(context, 27);

        for (DigitalState level : List.of(DigitalState.HIGH, DigitalState.LOW, DigitalState.HIGH, DigitalState.LOW,
                DigitalState.HIGH)) {
            sw.mockState(level);
        }
        assertThat(events.next().type()).isEqualTo("drawer.opened");
        sw.mockState(DigitalState.LOW);
        assertThat(events.next().type()).isEqualTo("drawer.closed");

        // every event is reported before a later one, so a bounce that leaked would sit between the two
        assertThat(events.types()).containsExactly("drawer.opened", "drawer.closed");
    }

    @Test
    void bounceThatEndsWhereItStartedIsNoEvent() throws Exception {
        drawer("gpio:17?sensor=27&debounce=50");
        MockDigitalInput sw = MockLines.input(context, 27);

        sw.mockState(DigitalState.HIGH);
        sw.mockState(DigitalState.LOW);
        sw.mockState(DigitalState.HIGH);
        assertThat(events.next().type()).isEqualTo("drawer.opened");
        sw.mockState(DigitalState.LOW);
        sw.mockState(DigitalState.HIGH);
        sw.mockState(DigitalState.LOW);
        assertThat(events.next().type()).isEqualTo("drawer.closed");

        assertThat(events.types()).containsExactly("drawer.opened", "drawer.closed");
    }

    @Test
    void withoutASensorTheDrawerCannotTellWhetherItIsOpen() throws Exception {
        GpioDrawer drawer = drawer("gpio:17");

        drawer.open();

        assertThat(drawer.isOpen()).isEmpty();
        assertThat(context.registry().allByType(MockDigitalInput.class)).isEmpty();
    }

    @Test
    void aLineAlreadyClaimedIsAnErrorNamingTheLine() throws Exception {
        GpioDrawer first = drawer("gpio:17");

        assertThatThrownBy(() -> GpioDrawer.open(context, DeviceUri.parse("gpio:17?pulse=50")))
                .isInstanceOfSatisfying(DeviceException.class, e -> {
                    assertThat(e.state().status()).isEqualTo(Status.ERROR);
                    assertThat(e.getMessage()).contains("gpio:17?pulse=50", "cannot claim line 17 on gpiochip0");
                });
        first.open();
        assertThat(first.state().status()).isEqualTo(Status.ONLINE);
    }

    @Test
    void closeReleasesTheLinesAndRefusesFurtherUse() throws Exception {
        GpioDrawer drawer = drawer("gpio:17?sensor=27");

        drawer.close();
        drawer.close();

        assertThat(context.registry().all()).isEmpty();
        assertThat(drawer.state().status()).isEqualTo(Status.CLOSED);
        assertThatThrownBy(drawer::open).isInstanceOfSatisfying(DeviceException.class,
                e -> assertThat(e.state().status()).isEqualTo(Status.CLOSED));
        assertThatThrownBy(drawer::isOpen).isInstanceOf(DeviceException.class);
        assertThat(drawer("gpio:17?sensor=27").state().status()).isEqualTo(Status.ONLINE);
    }

    @Test
    void aListenerThatThrowsIsKept() throws Exception {
        GpioDrawer drawer = GpioDrawer.open(context, DeviceUri.parse("gpio:17?sensor=27&debounce=5"));
        drawers.add(drawer);
        List<String> seenByFaulty = new CopyOnWriteArrayList<>();
        drawer.onEvent(e -> {
            seenByFaulty.add(e.type());
            throw new IllegalStateException("screen gone");
        });
        drawer.onEvent(events);
        MockDigitalInput sw = MockLines.input(context, 27);

        sw.mockState(DigitalState.HIGH);
        events.next();
        sw.mockState(DigitalState.LOW);
        events.next();

        assertThat(seenByFaulty).containsExactly("drawer.opened", "drawer.closed");
    }

    @Test
    void openOnThisMachineSaysWhichGpiochipIsMissing() {
        assumeThat(Path.of("/dev/gpiochip0")).as("runs where there is no GPIO chip").doesNotExist();

        assertThatThrownBy(() -> GpioDrawer.open(DeviceUri.parse("gpio:17")))
                .isInstanceOfSatisfying(DeviceException.class, e -> {
                    assertThat(e.state().status()).isEqualTo(Status.OFFLINE);
                    assertThat(e.getMessage()).contains("drawer=gpio:17", "/dev/gpiochip0 not found", "chip=4")
                            .doesNotContain("com.pi4j", "Exception");
                    assertThat(e.state().detail()).startsWith("/dev/gpiochip0 not found");
                    assertThat(e.getCause()).isNull();
                });
    }

    @Test
    void aWrongChipNumberListsTheChipsThatArePresent(@TempDir Path dev) throws Exception {
        Files.createFile(dev.resolve("gpiochip0"));
        Files.createFile(dev.resolve("gpiochip1"));

        assertThatThrownBy(() -> GpioDrawer.open(DeviceUri.parse("gpio:17?chip=4"), dev))
                .isInstanceOfSatisfying(DeviceException.class, e -> {
                    assertThat(e.state().status()).isEqualTo(Status.OFFLINE);
                    assertThat(e.getMessage()).contains(dev.resolve("gpiochip4") + " not found",
                            "present: gpiochip0, gpiochip1");
                });
    }

    private GpioDrawer drawer(String uri) throws DeviceException {
        GpioDrawer drawer = GpioDrawer.open(context, DeviceUri.parse(uri));
        drawers.add(drawer);
        drawer.onEvent(events);
        return drawer;
    }

    private static Duration highFor(Level high, Level low) {
        assertThat(high.state()).isEqualTo(DigitalState.HIGH);
        assertThat(low.state()).isEqualTo(DigitalState.LOW);
        return Duration.ofNanos(low.atNanos() - high.atNanos());
    }
}
