package com.wkpos.edge.drivers.fiscal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wkpos.edge.drivers.api.FiscalException;
import com.wkpos.edge.drivers.api.TseIdentity;
import com.wkpos.edge.drivers.api.TseSignature;
import com.wkpos.edge.drivers.api.TseTransaction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedTseTest {
    private static final String CLIENT = "WK0123456789abcdef0123456789ab";
    private static final String RECEIPT = "Kassenbeleg-V1";
    private static final String DATA = "Beleg^11.97_1.40_0.00_0.00_0.00^8.00:Bar_3.97:Unbar";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-05T10:15:30.123456Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void aSignedTransactionVerifiesFromItsQrCodeAlone() throws Exception {
        try (SimulatedTse tse = SimulatedTse.open(dir, CLOCK)) {
            TseSignature s = tse.finish(CLIENT, "sale-1", RECEIPT, DATA);
            TseQrCode qr = TseQrCode.parse(code(tse.identity(), s).format());

            assertTrue(TseVerifier.verify(qr));
            assertEquals("2026-12-05T10:15:30.123Z", qr.logTime());
            assertEquals(64, tse.identity().serialNumber().length());
            assertEquals(64, s.signature().length, "P1363 P-256 signatures are r || s, 32 bytes each");
        }
    }

    @Test
    void aChangedFieldOrForeignKeyNoLongerVerifies() throws Exception {
        try (SimulatedTse tse = SimulatedTse.open(dir, CLOCK);
             SimulatedTse other = SimulatedTse.open(dir.resolve("other"), CLOCK)) {
            TseQrCode qr = code(tse.identity(), tse.finish(CLIENT, "sale-1", RECEIPT, DATA));
            TseQrCode altered = new TseQrCode(qr.clientId(), qr.processType(), DATA.replace("11.97", "1.97"),
                    qr.transactionNumber(), qr.signatureCounter(), qr.startTime(), qr.logTime(), qr.algorithm(),
                    qr.timeFormat(), qr.signature(), qr.publicKey());
            TseQrCode foreign = new TseQrCode(qr.clientId(), qr.processType(), qr.processData(),
                    qr.transactionNumber(), qr.signatureCounter(), qr.startTime(), qr.logTime(), qr.algorithm(),
                    qr.timeFormat(), qr.signature(), b64(other.identity().publicKey()));

            assertFalse(TseVerifier.verify(altered));
            assertFalse(TseVerifier.verify(foreign));
        }
    }

    @Test
    void numbersGrowAndSurviveARestart() throws Exception {
        TseSignature first;
        try (SimulatedTse tse = SimulatedTse.open(dir, CLOCK)) {
            first = tse.finish(CLIENT, "sale-1", RECEIPT, DATA);
            TseSignature second = tse.finish(CLIENT, "sale-2", RECEIPT, DATA);
            assertEquals(first.transactionNumber() + 1, second.transactionNumber());
            assertTrue(second.signatureCounter() > first.signatureCounter());
        }
        try (SimulatedTse again = SimulatedTse.open(dir, CLOCK)) {
            TseTransaction third = again.start(CLIENT, "sale-3", RECEIPT, "");
            assertEquals(3, third.transactionNumber());
            TseSignature replay = again.finish(CLIENT, "sale-1", RECEIPT, DATA);
            assertEquals(first.transactionNumber(), replay.transactionNumber());
            assertArrayEquals(first.signature(), replay.signature(), "the same transaction, not a second one");
        }
    }

    @Test
    void finishingATransactionAgainWithOtherDataIsRefused() throws Exception {
        try (SimulatedTse tse = SimulatedTse.open(dir, CLOCK)) {
            tse.finish(CLIENT, "sale-1", RECEIPT, DATA);
            FiscalException e = assertThrows(FiscalException.class,
                    () -> tse.finish(CLIENT, "sale-1", RECEIPT, DATA.replace("8.00", "9.00")));
            assertTrue(e.getMessage().contains("other process data"), e.getMessage());
        }
    }

    @Test
    void aLineTornByAPowerCutIsDroppedAndTheNextOneIsWholeAgain() throws Exception {
        try (SimulatedTse tse = SimulatedTse.open(dir, CLOCK)) {
            tse.finish(CLIENT, "sale-1", RECEIPT, DATA);
        }
        Files.writeString(dir.resolve("transactions.log"), "F c2FsZS0y 2 3 17", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        try (SimulatedTse tse = SimulatedTse.open(dir, CLOCK)) {
            assertEquals(2, tse.finish(CLIENT, "sale-2", RECEIPT, DATA).transactionNumber());
        }
        try (SimulatedTse tse = SimulatedTse.open(dir, CLOCK)) {
            assertEquals(3, tse.start(CLIENT, "sale-3", RECEIPT, "").transactionNumber());
        }
    }

    @Test
    void anUnpluggedDeviceFailsUntilPluggedBack() throws Exception {
        try (SimulatedTse tse = SimulatedTse.open(dir, CLOCK)) {
            tse.unplug();
            assertThrows(FiscalException.class, () -> tse.finish(CLIENT, "sale-1", RECEIPT, DATA));
            tse.plug();
            tse.failNext(1);
            assertThrows(FiscalException.class, () -> tse.finish(CLIENT, "sale-1", RECEIPT, DATA));
            assertEquals(1, tse.finish(CLIENT, "sale-1", RECEIPT, DATA).transactionNumber());
        }
    }

    @Test
    void aQrCodeOfTheWrongShapeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> TseQrCode.parse("V0;a;b"));
        assertThrows(IllegalArgumentException.class, () -> TseQrCode.parse("V1;a;b;c;1;2;t;t;alg;utcTime;s;k"));
        assertThrows(IllegalArgumentException.class, () -> TseQrCode.parse("V0;a;b;c;x;2;t;t;alg;utcTime;s;k"));
        assertFalse(TseVerifier.verify(TseQrCode.parse("V0;a;b;c;1;2;t;t;ecdsa-plain-SHA256;utcTime;AAAA;AAAA")));
    }

    private static TseQrCode code(TseIdentity id, TseSignature s) {
        return new TseQrCode(CLIENT, s.processType(), s.processData(), s.transactionNumber(), s.signatureCounter(),
                TseQrCode.time(s.startTime()), TseQrCode.time(s.logTime()), id.signatureAlgorithm(), id.timeFormat(),
                b64(s.signature()), b64(id.publicKey()));
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
