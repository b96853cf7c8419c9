package com.wkpos.edge.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code usbkey-import} script run for real ({@code --from-dir}, a temp folder standing in for the
 * mounted key, {@code WK_EDGE_USBKEY_SPOOL} for the spool): only a regular {@code wk-edge/bundle.jws} of at
 * most 1 MiB, never through a symlink, lands in the spool, and only under its final name (written aside, renamed).
 */
class UsbKeyImportTest {
    private static final Path SCRIPT = Path.of("src/main/lib/usbkey-import");
    @TempDir
    Path dir;

    private record Run(int exit, String log) {
    }

    private Run importFrom(Path key) throws IOException, InterruptedException {
        Path spool = Files.createDirectories(dir.resolve("spool"));
        ProcessBuilder pb = new ProcessBuilder("sh", SCRIPT.toString(), "--from-dir", key.toString())
                .redirectErrorStream(true);
        pb.environment().put("WK_EDGE_USBKEY_SPOOL", spool.toString());
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), log);
    }

    private List<Path> spooled() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("spool"))) {
            return s.toList();
        }
    }

    private Path key(String name) throws IOException {
        return Files.createDirectories(dir.resolve(name).resolve("wk-edge")).getParent();
    }

    @Test
    void aRegularBundleIsSpooledUnderItsFinalNameOnly() throws Exception {
        Path key = key("KEY 1");
        Files.writeString(key.resolve("wk-edge/bundle.jws"), "header.payload.signature\n");
        Run r = importFrom(key);
        assertThat(r.exit()).as(r.log()).isZero();
        List<Path> files = spooled();
        assertThat(files).hasSize(1);
        assertThat(files.getFirst().getFileName().toString()).endsWith("-KEY_1.jws").doesNotStartWith(".");
        assertThat(Files.readString(files.getFirst())).isEqualTo("header.payload.signature\n");
        assertThat(Files.getPosixFilePermissions(files.getFirst()).toString()).doesNotContain("OTHERS");
    }

    @Test
    void aSymlinkedBundleOrFolderIsRefused() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "not for the spool");
        Path key = key("link");
        Files.createSymbolicLink(key.resolve("wk-edge/bundle.jws"), secret);
        assertThat(importFrom(key).log()).contains("symlink");
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.createSymbolicLink(other.resolve("wk-edge"), key.resolve("wk-edge"));
        Run r = importFrom(other);
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.log()).contains("symlink");
        assertThat(spooled()).isEmpty();
    }

    @Test
    void aBundleOverOneMebibyteOrNotARegularFileIsRefused() throws Exception {
        Path big = key("big");
        try (RandomAccessFile f = new RandomAccessFile(big.resolve("wk-edge/bundle.jws").toFile(), "rw")) {
            f.setLength(1_048_577);
        }
        Run r = importFrom(big);
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.log()).contains("1048577 bytes");
        Path folder = key("folder");
        Files.createDirectories(folder.resolve("wk-edge/bundle.jws"));
        assertThat(importFrom(folder).log()).contains("not a regular file");
        assertThat(spooled()).isEmpty();
    }

    @Test
    void aKeyWithoutABundleIsIgnoredAndAMissingSpoolIsAnError() throws Exception {
        Run r = importFrom(Files.createDirectories(dir.resolve("empty")));
        assertThat(r.exit()).isZero();
        assertThat(r.log()).contains("ignored");
        ProcessBuilder pb = new ProcessBuilder("sh", SCRIPT.toString(), "--from-dir", dir.toString()).redirectErrorStream(true);
        pb.environment().put("WK_EDGE_USBKEY_SPOOL", dir.resolve("nowhere").toString());
        Process p = pb.start();
        assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("missing");
        assertThat(p.waitFor()).isEqualTo(2);
    }
}
