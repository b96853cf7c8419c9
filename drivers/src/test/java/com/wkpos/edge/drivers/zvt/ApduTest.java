package com.wkpos.edge.drivers.zvt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ApduTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void lengthBelow255IsOneByte() {
        assertThat(Apdu.lengthField(0)).isEqualTo(hex("00"));
        assertThat(Apdu.lengthField(254)).isEqualTo(hex("FE"));
    }

    @Test
    void lengthFrom255IsFfThenTwoBytesLittleEndian() {
        assertThat(Apdu.lengthField(255)).isEqualTo(hex("FF FF 00"));
        assertThat(Apdu.lengthField(300)).isEqualTo(hex("FF 2C 01"));
        assertThat(new Apdu(0x06, 0xD3, new byte[300]).encode()).startsWith(hex("06 D3 FF 2C 01"));
    }

    @Test
    void authorisationEncodesAmountAndCurrencyBmps() {
        assertThat(Commands.authorization(1250, "EUR").encode())
                .isEqualTo(hex("06 01 0A 04 00 00 00 00 12 50 49 09 78"));
    }

    @Test
    void longApduSurvivesEncodeAndDecode() {
        byte[] data = new byte[700];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        Apdu apdu = new Apdu(0x06, 0xD3, data);
        assertThat(Apdu.decode(apdu.encode())).isEqualTo(apdu);
    }

    @Test
    void decodeRefusesBytesThatDisagreeWithTheLengthField() {
        assertThatThrownBy(() -> Apdu.decode(hex("06 0F 02 00"))).hasMessageContaining("says 5 bytes, got 4");
    }

    @Test
    void assemblerCutsAStreamArrivingByteByByteIntoApdus() {
        Apdu small = Apdu.of(0x80, 0x00);
        Apdu big = new Apdu(0x06, 0xD3, new byte[260]);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(small.encode());
        stream.writeBytes(big.encode());
        byte[] bytes = stream.toByteArray();

        ApduAssembler assembler = new ApduAssembler();
        int delivered = 0;
        for (int i = 0; i < bytes.length - 1; i++) {
            assembler.feed(bytes, i, 1);
            if (assembler.next().isPresent()) {
                delivered++;
            }
        }
        assertThat(delivered).as("only the small APDU is complete").isEqualTo(1);
        assertThat(assembler.pending()).isEqualTo(big.encode().length - 1);

        assembler.feed(bytes, bytes.length - 1, 1);
        assertThat(assembler.next()).contains(big);
        assertThat(assembler.next()).isEmpty();
        assertThat(assembler.pending()).isZero();
    }
}
