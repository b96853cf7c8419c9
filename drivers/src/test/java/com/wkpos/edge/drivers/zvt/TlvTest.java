package com.wkpos.edge.drivers.zvt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TlvTest {
    @Test
    void textBlockLinesComeOutInOrderWithUmlauts() {
        List<String> lines = List.of("Kassenschnitt", "Händlerbeleg", "Summe EUR 37,50");

        assertThat(Tlv.textLines(SimMessages.textBlock(lines).data(), ZvtTexts.CHARSET)).isEqualTo(lines);
    }

    @Test
    void textBlocksLongerThan127And255BytesUseLongLengths() {
        List<String> lines = IntStream.range(0, 30).mapToObj(i -> "Zeile " + i + " ........................").toList();
        byte[] data = SimMessages.textBlock(lines).data();

        assertThat(data[1] & 0xFF).as("82 nn nn form").isEqualTo(0x82);
        assertThat(Tlv.textLines(data, ZvtTexts.CHARSET)).isEqualTo(lines);
    }

    @Test
    void lengthForms() {
        assertThat(Tlv.length(HexFormat.of().parseHex("7F"), 0, 1)).containsExactly(0x7F, 1);
        assertThat(Tlv.length(HexFormat.of().parseHex("8190"), 0, 2)).containsExactly(0x90, 2);
        assertThat(Tlv.length(HexFormat.of().parseHex("820123"), 0, 3)).containsExactly(0x123, 3);
        assertThat(Tlv.length(HexFormat.of().parseHex("83010203"), 0, 4)).isNull();
    }

    @Test
    void truncatedTextBlockKeepsTheLinesBeforeTheBreak() {
        byte[] whole = SimMessages.textBlock(List.of("eins", "zwei", "drei")).data();
        byte[] cut = Arrays.copyOf(whole, whole.length - 2);

        assertThat(Tlv.textLines(cut, ZvtTexts.CHARSET)).containsExactly("eins", "zwei");
    }
}
