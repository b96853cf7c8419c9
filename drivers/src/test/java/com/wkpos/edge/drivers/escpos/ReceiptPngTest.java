package com.wkpos.edge.drivers.escpos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import javax.imageio.ImageIO;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.NotFoundException;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.Result;
import com.google.zxing.common.HybridBinarizer;
import com.wkpos.edge.drivers.api.DeviceUri;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PNG preview draws the symbols the printer was sent, so a phone could scan them off the picture. */
class ReceiptPngTest {
    /** The shape of a DSFinV-K receipt QR: 12 fields, a base64 ECDSA signature and public key. */
    private static final String FISCAL_QR = "V0;1a2b3c4d-till;Kassenbeleg-V1;Beleg^11.75_0.00_0.00_0.00_0.00^11.75:Bar;"
            + "317;1042;2026-11-21T17:41:03.000Z;2026-11-21T17:41:04.000Z;ecdsa-plain-SHA256;unixTime;"
            + "MEUCIQDf3Zl2r1v0u8qGZ6Yq0k8m3o2Yc3xv0l7e9kq1o2wqGgIgX2JmV4c2Vf7X0Qw9y8T4mZ1u3kQ7pL2vN8sR5tW6yA0=;"
            + "BHkAqJ2a1Vq5rL8mN3oP7sT9uW1xZ4bC6dE8fG0hI2jK4lM6nO8pQ0rS2tU4vW6xY8zA0bC2dE4fG6hI8jK0lM2nO4pQ6rS8tU0vW2xY4zA6bC8dE0=";

    @Test
    void theFiscalQrCodeOnAPrintedReceiptScansBackToItsData(@TempDir Path dir) throws Exception {
        Receipt s = TestReceipts.sample(false);
        Receipt receipt = new Receipt(s.header(), s.meta(), s.lines(), s.taxOnTop(), s.rounding(), s.total(),
                s.payments(), s.change(), s.taxes(), s.fiscal(), FISCAL_QR, s.cardSlip(), s.footer(), false,
                s.currency());
        try (PrinterSimulator sim = PrinterSimulator.listen(0);
             EscPosPrinter printer = EscPosPrinter.open(DeviceUri.parse(sim.tcpUri() + "?poll=0"))) {
            printer.print(ReceiptLayout.of(48, "CP858").render(receipt));
            Path png = dir.resolve("receipt.png");

            sim.savePng(0, png);

            BufferedImage image = ImageIO.read(png.toFile());
            assertThat(sim.receipts().getFirst()).contains("[QR: " + FISCAL_QR + "]");
            assertThat(scan(image)).satisfies(r -> {
                assertThat(r.getBarcodeFormat()).isEqualTo(BarcodeFormat.QR_CODE);
                assertThat(r.getText()).isEqualTo(FISCAL_QR);
            });
            assertThat(image.getWidth()).as("the marker line does not widen the paper").isLessThan(48 * 12 + 64);
        }
    }

    @Test
    void aBarcodeLineIsDrawnAsCode128(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("barcode.png");

        ReceiptPng.write("Abholschein\n     [BARCODE: S-0042-000317]\nDanke", 48, png);

        Result scanned = scan(ImageIO.read(png.toFile()));
        assertThat(scanned.getBarcodeFormat()).isEqualTo(BarcodeFormat.CODE_128);
        assertThat(scanned.getText()).isEqualTo("S-0042-000317");
    }

    @Test
    void dataTooLongForAQrCodeStaysReadableText(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("long.png");
        String tooLong = "x".repeat(3000);

        ReceiptPng.write("Beleg\n[QR: " + tooLong + "]\nDanke", 48, png);

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(Files.size(png)).isPositive();
        assertThat(image.getWidth()).as("drawn as a text line 3006 cells wide").isGreaterThan(3000 * 5);
        assertThatThrownBy(() -> scan(image)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void textThatOnlyLooksLikeAMarkerIsNotTurnedIntoASymbol() {
        assertThat(ReceiptPng.symbol("[QR: ]", 480)).isNull();
        assertThat(ReceiptPng.symbol("Gutschein [QR: 42] einlösen", 480)).isNull();
        assertThat(ReceiptPng.symbol("[QR: 42]", 480)).isNotNull();
    }

    private static Result scan(BufferedImage image) throws NotFoundException {
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(
                new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)));
        return new MultiFormatReader().decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE));
    }
}
