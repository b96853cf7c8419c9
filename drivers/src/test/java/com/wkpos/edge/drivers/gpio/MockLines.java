package com.wkpos.edge.drivers.gpio;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;

/** A Pi4J context on the mock plugin, and the mock lines a drawer claimed in it. */
final class MockLines {
    /** One level the output was driven to, and when ({@link System#nanoTime()}). */
    record Level(DigitalState state, long atNanos) {
    }

    private MockLines() {
    }

    static Context context() {
        return Pi4J.newContextBuilder()
                .noAutoDetect()
                .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance())
                .build();
    }

    static MockDigitalOutput output(Context context, int line) {
        return context.registry().allByType(MockDigitalOutput.class).values().stream()
                .filter(o -> o.config().address() == line)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no output claimed on line " + line));
    }

    static MockDigitalInput input(Context context, int line) {
        return context.registry().allByType(MockDigitalInput.class).values().stream()
                .filter(i -> i.config().address() == line)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no input claimed on line " + line));
    }

    /** Records every level change of {@code output} from now on (the mock keeps only the current one). */
    static List<Level> history(MockDigitalOutput output) {
        List<Level> levels = new CopyOnWriteArrayList<>();
        output.addListener(e -> levels.add(new Level(e.state(), System.nanoTime())));
        return levels;
    }
}
