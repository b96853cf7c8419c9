package com.wkpos.edge.drivers.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Cd5220Test {
    private static final Charset CP437 = Charset.forName("IBM437");

    private static byte[] expected(String line1, String line2) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x1B, 'Q', 'A'});
        out.writeBytes(line1.getBytes(StandardCharsets.US_ASCII));
        out.write(0x0D);
        out.writeBytes(new byte[] {0x1B, 'Q', 'B'});
        out.writeBytes(line2.getBytes(StandardCharsets.US_ASCII));
        out.write(0x0D);
        return out.toByteArray();
    }

    @Test
    void initResetsAndClearsTheDisplay() {
        assertThat(Cd5220.init()).containsExactly(0x1B, 0x40, 0x0C);
    }

    @Test
    void shortLinesArePaddedToTwentyColumns() {
        assertThat(Cd5220.show("Milk", "EUR 1.29", CP437))
                .containsExactly(expected("Milk                ", "EUR 1.29            "));
    }

    @Test
    void longLinesAreCutAtTwentyColumns() {
        assertThat(Cd5220.show("Organic whole milk 3.8% 1 l", "", CP437))
                .containsExactly(expected("Organic whole milk 3", "                    "));
    }

    @Test
    void lineEndsInsideTextCannotEndTheCommandEarly() {
        assertThat(Cd5220.show("A\rB\nC", null, CP437)).containsExactly(expected("A B C               ",
                "                    "));
    }

    @Test
    void umlautsUseTheCodePageAndWhatItLacksBecomesAQuestionMark() {
        byte[] bytes = Cd5220.show("Käse €", "", CP437);
        assertThat(bytes[3 + 1]).isEqualTo((byte) 0x84);
        assertThat(bytes[3 + 5]).isEqualTo((byte) '?');
        assertThat(bytes).hasSize(2 * (3 + 20 + 1));
    }

    @Test
    void emojiTakesOneColumnAsAQuestionMark() {
        assertThat(Cd5220.fit("Hi \uD83D\uDE00!")).isEqualTo("Hi ?!" + " ".repeat(15));
    }

    @Test
    void multiByteCharsetIsRefused() {
        assertThatThrownBy(() -> Cd5220.requireSingleByte(StandardCharsets.UTF_8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UTF-8");
    }
}
