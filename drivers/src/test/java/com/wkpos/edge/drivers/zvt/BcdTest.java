package com.wkpos.edge.drivers.zvt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class BcdTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void amountIsTwelveDigitsOfCents() {
        assertThat(Bcd.encode(1250, 6)).isEqualTo(hex("00 00 00 00 12 50"));
        assertThat(Commands.amount(999_999_999_999L)).isEqualTo(hex("99 99 99 99 99 99"));
    }

    @Test
    void euroIsCurrencyCode0978() {
        assertThat(Commands.currency("EUR")).isEqualTo(hex("09 78"));
        assertThat(Commands.currency("CHF")).isEqualTo(hex("07 56"));
    }

    @Test
    void passwordIsThreeBytesOfDigits() {
        assertThat(Commands.password("123456")).isEqualTo(hex("12 34 56"));
        assertThatThrownBy(() -> Commands.password("12345a")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void valuesThatDoNotFitAreRefusedNotCut() {
        assertThatThrownBy(() -> Bcd.encode(1000, 1)).hasMessageContaining("1000");
        assertThatThrownBy(() -> Bcd.encode(-1, 2)).hasMessageContaining("-1");
        assertThatThrownBy(() -> Commands.amount(0)).hasMessageContaining("was 0");
        assertThatThrownBy(() -> Commands.currency("XYZ1")).hasMessageContaining("XYZ1");
    }

    @Test
    void decodingShowsNibblesAboveNineAsHexInsteadOfFailing() {
        byte[] odd = hex("12 3A");
        assertThat(Bcd.digits(odd, 0, 2)).isEqualTo("123A");
        assertThat(Bcd.isDecimal(odd, 0, 2)).isFalse();
        assertThat(Bcd.toLong(hex("00 01 23 45"), 0, 4)).isEqualTo(12_345L);
        assertThatThrownBy(() -> Bcd.toLong(odd, 0, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
