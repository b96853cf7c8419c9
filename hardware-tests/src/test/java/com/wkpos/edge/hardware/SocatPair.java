package com.wkpos.edge.hardware;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A virtual serial cable: socat joins two pseudo-terminals, reachable as {@code dir/device} (where the
 * driver under test opens its port) and {@code dir/host} (where the test plays the other end). Killing
 * socat hangs both up, as pulling a USB serial adapter does.
 */
final class SocatPair implements AutoCloseable {
    private final Process socat;
    private final Path device;
    private final Path host;

    private SocatPair(Process socat, Path device, Path host) {
        this.socat = socat;
        this.device = device;
        this.host = host;
    }

    /** Starts socat and waits (bounded) until both links exist; links left by an earlier run are removed first. */
    static SocatPair start(Path dir) throws IOException {
        Path device = dir.resolve("device");
        Path host = dir.resolve("host");
        Files.deleteIfExists(device);
        Files.deleteIfExists(host);
        Path log = Files.createTempFile(dir, "socat", ".log");
        Process socat = new ProcessBuilder("/usr/bin/socat", "-d", "-d",
                "pty,raw,echo=0,link=" + device, "pty,raw,echo=0,link=" + host)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        SocatPair pair = new SocatPair(socat, device, host);
        try {
            Await.until(Duration.ofSeconds(5), "socat links " + device + " and " + host,
                    () -> !socat.isAlive() || (Files.exists(device) && Files.exists(host)));
            if (!socat.isAlive()) {
                throw new IllegalStateException("socat ended at start: " + Files.readString(log));
            }
        } catch (RuntimeException | IOException e) {
            pair.close();
            throw e;
        }
        return pair;
    }

    Path device() {
        return device;
    }

    Path host() {
        return host;
    }

    /** Pulls the cable: stops socat and waits for it, bounded. */
    void unplug() {
        socat.destroy();
        try {
            if (!socat.waitFor(5, TimeUnit.SECONDS)) {
                socat.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            socat.destroyForcibly();
        }
    }

    @Override
    public void close() {
        if (socat.isAlive()) {
            unplug();
        }
    }
}
