package com.wkpos.edge.drivers.scanner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wkpos.edge.drivers.api.DeviceUri;
import org.junit.jupiter.api.Test;

/** Key codes are written out by hand from linux/input-event-codes.h, not derived from the keymap. */
class KeyDecoderTest {
    private static final int SHIFT = 42;
    private static final int ALTGR = 100;
    private static final int CTRL = 29;
    private static final int ENTER = 28;
    private static final int KP_ENTER = 96;

    private final RecordingSink sink = new RecordingSink();

    private KeyDecoder decoder(Keymap keymap) {
        return new KeyDecoder(keymap, new CodeBuffer(128, sink), sink);
    }

    private static void tap(KeyDecoder decoder, int... codes) {
        for (int code : codes) {
            decoder.accept(InputEvent.key(code, InputEvent.PRESSED));
            decoder.accept(new InputEvent(0, 0, InputEvent.EV_SYN, 0, 0));
            decoder.accept(InputEvent.key(code, InputEvent.RELEASED));
        }
    }

    private static void withHeld(KeyDecoder decoder, int modifier, int... codes) {
        decoder.accept(InputEvent.key(modifier, InputEvent.PRESSED));
        tap(decoder, codes);
        decoder.accept(InputEvent.key(modifier, InputEvent.RELEASED));
    }

    @Test
    void digitRowAndEnterMakeOneCode() {
        KeyDecoder us = decoder(Keymap.US);
        tap(us, 5, 11, 11, 7, 4, 9, 2, 4, 4, 4, 10, 4, 2, ENTER);
        assertThat(sink.codes).containsExactly("4006381333931");
    }

    @Test
    void keypadDigitsAndKeypadEnterMakeOneCode() {
        KeyDecoder us = decoder(Keymap.US);
        tap(us, 79, 80, 81, 82, KP_ENTER);
        assertThat(sink.codes).containsExactly("1230");
    }

    @Test
    void usShiftGivesCapitalsAndSymbols() {
        KeyDecoder us = decoder(Keymap.US);
        withHeld(us, SHIFT, 30, 3, 12, 53);
        tap(us, 30, 12, 53, ENTER);
        assertThat(sink.codes).containsExactly("A@_?a-/");
    }

    @Test
    void germanLayoutSwapsYAndZ() {
        KeyDecoder de = decoder(Keymap.DE);
        tap(de, 21, 44, ENTER);
        KeyDecoder us = decoder(Keymap.US);
        tap(us, 21, 44, ENTER);
        assertThat(sink.codes).containsExactly("zy", "yz");
    }

    @Test
    void germanShiftedDigitsGiveGermanSymbols() {
        KeyDecoder de = decoder(Keymap.DE);
        withHeld(de, SHIFT, 8, 11, 4, 3);
        tap(de, 53, 12, ENTER);
        assertThat(sink.codes).containsExactly("/=§\"-ß");
    }

    @Test
    void germanAltGrGivesAtSignAndBraces() {
        KeyDecoder de = decoder(Keymap.DE);
        withHeld(de, ALTGR, 16, 8, 11);
        tap(de, ENTER);
        assertThat(sink.codes).containsExactly("@{}");
    }

    @Test
    void germanDeadCaretFollowedBySpaceIsACaret() {
        KeyDecoder de = decoder(Keymap.DE);
        tap(de, 30, 41, 57, 48, ENTER);
        assertThat(sink.codes).containsExactly("a^b");
    }

    @Test
    void shiftReleasedGivesLowercaseAgain() {
        KeyDecoder us = decoder(Keymap.US);
        us.accept(InputEvent.key(SHIFT, InputEvent.PRESSED));
        tap(us, 30);
        us.accept(InputEvent.key(SHIFT, InputEvent.RELEASED));
        tap(us, 30, ENTER);
        assertThat(sink.codes).containsExactly("Aa");
    }

    @Test
    void capsLockInvertsLettersOnly() {
        KeyDecoder us = decoder(Keymap.US);
        tap(us, 58, 30, 2);
        withHeld(us, SHIFT, 48);
        tap(us, ENTER);
        assertThat(sink.codes).containsExactly("A1b");
    }

    @Test
    void autoRepeatAddsNothing() {
        KeyDecoder us = decoder(Keymap.US);
        us.accept(InputEvent.key(30, InputEvent.PRESSED));
        us.accept(InputEvent.key(30, 2));
        us.accept(InputEvent.key(30, InputEvent.RELEASED));
        tap(us, ENTER);
        assertThat(sink.codes).containsExactly("a");
    }

    @Test
    void keyWithoutCharacterDropsTheWholeCodeNotJustTheKey() {
        KeyDecoder us = decoder(Keymap.US);
        tap(us, 2, 59, 3, ENTER);
        assertThat(sink.codes).isEmpty();
        assertThat(sink.drops).singleElement().asString().contains("key code 59").contains("keymap us");
        tap(us, 4, ENTER);
        assertThat(sink.codes).as("the next code reads again").containsExactly("3");
    }

    @Test
    void ctrlHeldDropsTheCode() {
        KeyDecoder us = decoder(Keymap.US);
        tap(us, 2);
        withHeld(us, CTRL, 34);
        tap(us, ENTER);
        assertThat(sink.codes).isEmpty();
        assertThat(sink.drops).singleElement().asString().contains("Ctrl or Alt");
    }

    @Test
    void partialCodeDiscardedAfterAPauseDoesNotStickToTheNextScan() {
        KeyDecoder us = decoder(Keymap.US);
        tap(us, 2, 3);
        assertThat(us.hasPartial()).isTrue();
        us.discardPartial();
        tap(us, 4, ENTER);
        assertThat(sink.codes).containsExactly("3");
    }

    @Test
    void unknownKeymapFailsNamingTheUri() {
        DeviceUri uri = DeviceUri.parse("evdev:/dev/input/event3?keymap=fr");
        assertThatThrownBy(() -> Keymap.of(uri)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keymap").hasMessageContaining("fr");
    }
}
