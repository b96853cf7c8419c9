package com.wkpos.edge.drivers.escpos;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import javax.imageio.ImageIO;

import com.wkpos.edge.drivers.api.DeviceUri;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrinterSimulatorTest {
    private static final int ESC = 0x1B, GS = 0x1D, LF = 0x0A;

    @Test
    void pngPreviewIsAValidPictureOfTheReceipt(@TempDir Path dir) throws Exception {
        try (PrinterSimulator sim = PrinterSimulator.listen(0);
             EscPosPrinter printer = EscPosPrinter.open(DeviceUri.parse(sim.tcpUri() + "?poll=0"))) {
            printer.print(ReceiptLayout.of(48, "CP858").render(TestReceipts.sample(true)));
            Path png = dir.resolve("receipt.png");

            sim.savePng(0, png);

            byte[] bytes = Files.readAllBytes(png);
            assertThat(bytes).startsWith(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A);
            BufferedImage image = ImageIO.read(png.toFile());
            assertThat(image.getWidth()).isGreaterThan(48 * 5);
            assertThat(image.getHeight()).isGreaterThan((int) sim.receipts().getFirst().lines().count() * 10);
        }
    }

    @Test
    void statusQueryIsAnsweredWithOneByteFromTheScriptedState() throws Exception {
        try (PrinterSimulator sim = PrinterSimulator.listen(0);
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), sim.port())) {
            socket.setSoTimeout(5000);
            sim.setPaperNearEnd(true);

            socket.getOutputStream().write(new byte[] {0x10, 0x04, 4, 0x10, 0x04, 2});

            InputStream in = socket.getInputStream();
            assertThat(in.read()).isEqualTo(0x12 | 0x0C);
            assertThat(in.read()).isEqualTo(0x12);
        }
    }

    @Test
    void escPKickIsCountedAndOpensTheSimulatedDrawer() throws Exception {
        try (PrinterSimulator sim = PrinterSimulator.listen(0);
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), sim.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();

            out.write(new byte[] {ESC, 'p', 48, 25, (byte) 250, 0x10, 0x04, 1});

            assertThat(socket.getInputStream().read() & 0x04).as("drawer sensor bit").isEqualTo(0x04);
            assertThat(sim.drawerKicks(2)).isEqualTo(1);
            assertThat(sim.drawerOpen()).isTrue();
        }
    }

    @Test
    void codeTableSelectsTheCharsetTextIsDecodedWith() {
        byte[] euroInCp858 = {ESC, 't', 19, (byte) 0xD5, LF, GS, 'V', 0};
        byte[] sameByteInCp437 = {(byte) 0xD5, LF, GS, 'V', 0};

        assertThat(PrinterSimulator.decode(euroInCp858)).containsExactly("€");
        assertThat(PrinterSimulator.decode(sameByteInCp437)).containsExactly("╒");
    }

    @Test
    void cutsSplitReceiptsAndAlignmentIsKept() {
        byte[] job = {ESC, 'a', 1, 'h', 'i', LF, GS, 'V', 66, 3, ESC, 'a', 2, 'x', LF, GS, 'V', 49};

        assertThat(PrinterSimulator.decode(job)).containsExactly(" ".repeat(23) + "hi", " ".repeat(47) + "x");
    }

    @Test
    void rasterImageAndQrCodeAreRecorded() {
        byte[] qrData = "S-1".getBytes();
        byte[] job = new byte[] {GS, 'v', '0', 0, 2, 0, 3, 0, 1, 2, 3, 4, 5, 6,
                GS, '(', 'k', (byte) (qrData.length + 3), 0, 49, 80, 48, 'S', '-', '1',
                GS, '(', 'k', 3, 0, 49, 81, 48, GS, 'V', 0};

        assertThat(PrinterSimulator.decode(job)).containsExactly("[image 16x3]\n[QR: S-1]");
    }

    @Test
    void droppedConnectionLeavesTheUncutPartTornAndAcceptsTheNextHost() throws Exception {
        try (PrinterSimulator sim = PrinterSimulator.listen(0)) {
            sim.dropConnectionAfter(3);
            try (Socket first = new Socket(InetAddress.getLoopbackAddress(), sim.port())) {
                first.setSoTimeout(5000);
                first.getOutputStream().write(new byte[] {'a', 'b', 'c', 'd', LF});
                assertThat(first.getInputStream().read()).as("closed by the simulator").isEqualTo(-1);
            }
            try (Socket second = new Socket(InetAddress.getLoopbackAddress(), sim.port())) {
                second.getOutputStream().write(new byte[] {'o', 'k', LF, GS, 'V', 0});

                assertThat(sim.awaitReceipts(1, Duration.ofSeconds(5))).containsExactly("ok");
            }
            assertThat(sim.torn()).containsExactly("abc");
        }
    }

    @Test
    void closeFreesThePort() throws Exception {
        PrinterSimulator sim = PrinterSimulator.listen(0);
        int port = sim.port();

        sim.close();

        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void serialDeviceThatDoesNotExistIsAnError(@TempDir Path dir) throws IOException {
        try (PrinterSimulator sim = PrinterSimulator.listen(0)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> sim.serveSerial(dir.resolve("ttyNone")))
                    .isInstanceOf(IOException.class).hasMessageContaining("ttyNone");
        }
    }
}
