package com.wkpos.edge.drivers.scanner;

/**
 * Turns a keyboard-wedge scanner's key events into the characters of a code, ended by Enter or keypad
 * Enter. Tracks Shift, AltGr and CapsLock itself (the device is grabbed, so the console's state does not
 * apply). A key this keymap cannot read, or Ctrl or Alt held (Alt+keypad input), makes the whole code
 * unreadable: it is dropped rather than delivered with a character missing, which could ring up the
 * wrong item. Not thread-safe: one reader thread owns it.
 */
final class KeyDecoder {
    private final Keymap keymap;
    private final CodeBuffer buffer;
    private final CodeSink sink;
    private boolean shift;
    private boolean altGr;
    private boolean ctrlOrAlt;
    private boolean capsLock;
    private char deadKey;
    private boolean unreadable;

    KeyDecoder(Keymap keymap, CodeBuffer buffer, CodeSink sink) {
        this.keymap = keymap;
        this.buffer = buffer;
        this.sink = sink;
    }

    void accept(InputEvent event) {
        if (event.type() != InputEvent.EV_KEY) {
            return;
        }
        int code = event.code();
        boolean down = event.value() != InputEvent.RELEASED;
        switch (code) {
            case Keymap.KEY_LEFTSHIFT, Keymap.KEY_RIGHTSHIFT -> shift = down;
            case Keymap.KEY_RIGHTALT -> altGr = down;
            case Keymap.KEY_LEFTCTRL, Keymap.KEY_RIGHTCTRL, Keymap.KEY_LEFTALT -> ctrlOrAlt = down;
            default -> {
                if (event.value() == InputEvent.PRESSED) {
                    pressed(code);
                }
            }
        }
    }

    /** Forgets a partial code; the reader calls this after a pause longer than the gap option. */
    void discardPartial() {
        buffer.discard();
        deadKey = 0;
        unreadable = false;
    }

    boolean hasPartial() {
        return !buffer.isEmpty() || deadKey != 0 || unreadable;
    }

    private void pressed(int code) {
        if (code == Keymap.KEY_ENTER || code == Keymap.KEY_KPENTER) {
            end();
        } else if (code == Keymap.KEY_CAPSLOCK) {
            capsLock = !capsLock;
        } else if (ctrlOrAlt) {
            unreadable("Ctrl or Alt with key code " + code + " (Alt+keypad input is not supported)");
        } else if (keymap.isDead(code, shift)) {
            flushDeadKey();
            deadKey = keymap.charFor(code, shift, false);
        } else {
            typed(code);
        }
    }

    private void typed(int code) {
        char c = keymap.charFor(code, shift, altGr);
        if (c == 0) {
            unreadable("key code " + code + (shift ? " with Shift" : "") + (altGr ? " with AltGr" : "")
                    + " has no character in keymap " + keymap.name());
            return;
        }
        if (deadKey != 0) {
            buffer.append(deadKey);
            deadKey = 0;
            if (c == ' ') {
                return;
            }
        }
        if (capsLock && Character.isLetter(c)) {
            c = Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c);
        }
        buffer.append(c);
    }

    private void end() {
        flushDeadKey();
        if (unreadable) {
            buffer.discard();
            unreadable = false;
        } else {
            buffer.end();
        }
    }

    private void flushDeadKey() {
        if (deadKey != 0) {
            buffer.append(deadKey);
            deadKey = 0;
        }
    }

    private void unreadable(String reason) {
        if (!unreadable) {
            unreadable = true;
            sink.dropped(reason);
        }
    }
}
