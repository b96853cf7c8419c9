package com.wkpos.edge.drivers.scanner;

/**
 * One Linux {@code struct input_event}: a timestamp, then type, code and value.
 *
 * @param type  {@link #EV_KEY} for keys; {@code EV_SYN} and {@code EV_MSC} frame them
 * @param code  the key code ({@code KEY_A} = 30, {@code KEY_ENTER} = 28, …)
 * @param value for keys: 1 pressed, 0 released, 2 auto-repeat
 */
record InputEvent(long seconds, long micros, int type, int code, int value) {
    static final int EV_SYN = 0;
    static final int EV_KEY = 1;
    static final int PRESSED = 1;
    static final int RELEASED = 0;

    static InputEvent key(int code, int value) {
        return new InputEvent(0, 0, EV_KEY, code, value);
    }
}
