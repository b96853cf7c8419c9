package com.wkpos.edge.drivers.zvt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayOutputStream;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StatusInfoParserTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    @Test
    void readsEveryFieldOfATypicalApproval() {
        SimTerminal.Booking booking = new SimTerminal.Booking("0042", "000123", 1250);
        Apdu status = SimMessages.statusInfo(0, booking, LocalDateTime.of(2026, 11, 21, 13, 5, 9));

        StatusInfo info = StatusInfoParser.parse(status.data());

        assertThat(info.complete()).as(info.stoppedAt()).isTrue();
        assertThat(info.resultCode()).hasValue(0);
        assertThat(info.amount()).hasValue(1250);
        assertThat(info.trace()).isEqualTo("000123");
        assertThat(info.time()).isEqualTo("13:05:09");
        assertThat(info.date()).isEqualTo("11-21");
        assertThat(info.dateTime()).isEqualTo("11-21 13:05:09");
        assertThat(info.maskedPan()).isEqualTo("672600******1234");
        assertThat(info.terminalId()).isEqualTo("52500123");
        assertThat(info.vuNumber()).isEqualTo("455600123456789");
        assertThat(info.receiptNo()).isEqualTo("0042");
        assertThat(info.cardType()).hasValue(5);
        assertThat(info.cardName()).isEqualTo("girocard");
    }

    @Test
    void maskedPanWithAnOddDigitCountDropsThePaddingNibble() {
        StatusInfo info = StatusInfoParser.parse(hex("22 F0 F3 12 EE 4F"));

        assertThat(info.maskedPan()).isEqualTo("12**4");
        assertThat(info.complete()).isTrue();
    }

    @Test
    void llvarLengthOfTwelveReadsTwelveBytes() {
        byte[] name = "Mastercard12".getBytes(ZvtTexts.CHARSET);
        StatusInfo info = StatusInfoParser.parse(concat(hex("8B F1 F2"), name, hex("87 00 07")));

        assertThat(info.cardName()).isEqualTo("Mastercard12");
        assertThat(info.receiptNo()).isEqualTo("0007");
    }

    @Test
    void unknownBmpStopsParsingAndKeepsWhatWasReadBefore() {
        byte[] data = hex("27 00 04 00 00 00 00 09 99 0B 00 00 17 77 01 02 87 00 42");

        StatusInfo info = StatusInfoParser.parse(data);

        assertThat(info.resultCode()).hasValue(0);
        assertThat(info.amount()).hasValue(999);
        assertThat(info.trace()).isEqualTo("000017");
        assertThat(info.receiptNo()).as("after the unknown BMP").isEmpty();
        assertThat(info.complete()).isFalse();
        assertThat(info.stoppedAt()).contains("BMP 77").contains("unknown");
    }

    @Test
    void knownButUnusedBmpsAreSkipped() {
        byte[] data = hex("0E 27 12 19 40 49 09 78 3C F0 F0 F3 41 42 43 87 00 05");

        StatusInfo info = StatusInfoParser.parse(data);

        assertThat(info.receiptNo()).isEqualTo("0005");
        assertThat(info.complete()).isTrue();
    }

    @Test
    void tlvContainersWithOneAndTwoByteLongLengthsAreSkipped() {
        byte[] data = concat(hex("06 81 85"), new byte[0x85], hex("06 82 01 00"), new byte[0x100], hex("87 12 34"));

        StatusInfo info = StatusInfoParser.parse(data);

        assertThat(info.receiptNo()).isEqualTo("1234");
        assertThat(info.complete()).isTrue();
    }

    @Test
    void bmpCutShortStopsWithoutThrowing() {
        StatusInfo info = StatusInfoParser.parse(hex("27 05 04 00 00"));

        assertThat(info.resultCode()).hasValue(5);
        assertThat(info.amount()).isEmpty();
        assertThat(info.stoppedAt()).contains("BMP 04").contains("cut short");
    }

    @Test
    void amountThatIsNotBcdIsNotTakenAsANumber() {
        StatusInfo info = StatusInfoParser.parse(hex("04 00 00 00 00 1A 00"));

        assertThat(info.amount()).isEmpty();
        assertThat(info.stoppedAt()).contains("not BCD");
    }

    @Test
    void anyBytesATerminalMightSendAreParsedWithoutThrowing() {
        Random random = new Random(20007);
        for (int i = 0; i < 5_000; i++) {
            byte[] junk = new byte[random.nextInt(64)];
            random.nextBytes(junk);
            assertThatCode(() -> StatusInfoParser.parse(junk)).as(HexFormat.of().formatHex(junk))
                    .doesNotThrowAnyException();
        }
    }
}
