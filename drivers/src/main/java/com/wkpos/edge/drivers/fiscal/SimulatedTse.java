package com.wkpos.edge.drivers.fiscal;

import com.wkpos.edge.drivers.api.FiscalException;
import com.wkpos.edge.drivers.api.FiscalSigner;
import com.wkpos.edge.drivers.api.TseIdentity;
import com.wkpos.edge.drivers.api.TseSignature;
import com.wkpos.edge.drivers.api.TseTransaction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A security device in a directory, signing as a certified TSE does: ECDSA P-256 ({@code ecdsa-plain-SHA256}),
 * a transaction number per transaction and a signature counter that grows with every start and finish,
 * both durable across power cuts (an append-only log, forced to disk before the answer). Its key is made
 * on first use and kept beside the log. For tests and demos an {@code offline} file in the directory (or
 * {@link #failNext}) makes it fail as an unplugged device does. Not certified: a till in a German store
 * uses a real TSE behind the same port (ADR 010). Thread-safe.
 */
public final class SimulatedTse implements FiscalSigner {
    static final String TIME_FORMAT = "utcTime";
    private static final String LOG = "transactions.log";

    private final Path dir;
    private final Clock clock;
    private final PrivateKey key;
    private final TseIdentity identity;
    private final FileChannel log;
    private final Map<String, Open> opened = new HashMap<>();
    private final Map<String, TseSignature> finished = new HashMap<>();
    private long transactions;
    private long counter;
    private int failures;

    private record Open(long transactionNumber, long signatureCounter, Instant startTime) {
    }

    private SimulatedTse(Path dir, Clock clock, KeyPair keys, FileChannel log) {
        this.dir = dir;
        this.clock = clock;
        this.key = keys.getPrivate();
        byte[] point = TseVerifier.point((ECPublicKey) keys.getPublic());
        this.identity = new TseIdentity(serial(point), TseVerifier.ALGORITHM, TIME_FORMAT, point);
        this.log = log;
    }

    /**
     * Opens the device kept in {@code dir}, making its key on first use.
     *
     * @throws UncheckedIOException when the directory cannot be read or written
     */
    public static SimulatedTse open(Path dir, Clock clock) {
        try {
            Files.createDirectories(dir);
            KeyPair keys = keys(dir);
            Path file = dir.resolve(LOG);
            FileChannel log = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            SimulatedTse tse = new SimulatedTse(dir, clock, keys, log);
            tse.replay(file);
            return tse;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the simulated TSE in " + dir, e);
        }
    }

    /** Makes the next {@code n} calls fail as a device that does not answer. */
    public synchronized void failNext(int n) {
        failures = n;
    }

    /** Pulls the device out (an {@code offline} file, seen by every process using the directory). */
    public void unplug() throws IOException {
        Files.writeString(dir.resolve("offline"), "unplugged\n");
    }

    public void plug() throws IOException {
        Files.deleteIfExists(dir.resolve("offline"));
    }

    @Override
    public synchronized TseIdentity identity() throws FiscalException {
        reachable();
        return identity;
    }

    @Override
    public synchronized TseTransaction start(String clientId, String clientTxId, String processType,
                                             String processData) throws FiscalException {
        reachable();
        Open o = opened.get(clientTxId);
        if (o == null) {
            o = new Open(transactions + 1, counter + 1, now());
            append("S", clientTxId, o.transactionNumber(), o.signatureCounter(), o.startTime().toEpochMilli());
            remember(clientTxId, o);
        }
        return new TseTransaction(o.transactionNumber(), o.signatureCounter(), o.startTime());
    }

    @Override
    public synchronized TseSignature finish(String clientId, String clientTxId, String processType,
                                            String processData) throws FiscalException {
        TseSignature earlier = finished.get(clientTxId);
        if (earlier != null) {
            reachable();
            if (!earlier.processType().equals(processType) || !earlier.processData().equals(processData)) {
                throw new FiscalException("TSE transaction " + earlier.transactionNumber() + " (" + clientTxId
                        + ") was finished with other process data");
            }
            return earlier;
        }
        start(clientId, clientTxId, processType, "");
        Open o = opened.get(clientTxId);
        long signatureCounter = counter + 1;
        Instant logTime = now();
        if (logTime.isBefore(o.startTime())) {
            logTime = o.startTime();
        }
        TseQrCode fields = new TseQrCode(clientId, processType, processData, o.transactionNumber(), signatureCounter,
                TseQrCode.time(o.startTime()), TseQrCode.time(logTime), identity.signatureAlgorithm(),
                identity.timeFormat(), "", "");
        byte[] signature = sign(fields.signedPart());
        TseSignature s = new TseSignature(o.transactionNumber(), signatureCounter, o.startTime(), logTime, signature,
                processType, processData);
        append("F", clientTxId, o.transactionNumber(), signatureCounter, o.startTime().toEpochMilli(),
                logTime.toEpochMilli(), b64(processType), b64(processData), b64(signature));
        finished.put(clientTxId, s);
        counter = signatureCounter;
        return s;
    }

    @Override
    public synchronized void close() {
        try {
            log.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void reachable() throws FiscalException {
        if (failures > 0) {
            failures--;
            throw new FiscalException("TSE does not answer (simulated failure)");
        }
        if (Files.exists(dir.resolve("offline"))) {
            throw new FiscalException("TSE not reachable: the simulated device is unplugged");
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private void remember(String clientTxId, Open o) {
        opened.put(clientTxId, o);
        transactions = Math.max(transactions, o.transactionNumber());
        counter = Math.max(counter, o.signatureCounter());
    }

    private byte[] sign(String text) throws FiscalException {
        try {
            Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
            s.initSign(key);
            s.update(text.getBytes(StandardCharsets.UTF_8));
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new FiscalException("TSE cannot sign: " + e.getMessage(), e);
        }
    }

    /** One line per start or finish, on disk before the caller hears of it. */
    private void append(String kind, String clientTxId, Object... fields) throws FiscalException {
        StringBuilder line = new StringBuilder(kind).append(' ').append(b64(clientTxId));
        for (Object f : fields) {
            line.append(' ').append(f);
        }
        try {
            ByteBuffer bytes = ByteBuffer.wrap(line.append('\n').toString().getBytes(StandardCharsets.UTF_8));
            log.position(log.size());
            while (bytes.hasRemaining()) {
                log.write(bytes);
            }
            log.force(true);
        } catch (IOException e) {
            throw new FiscalException("TSE storage failed: " + e.getMessage(), e);
        }
    }

    /** Reads the log back; a line torn by a power cut (no newline) is cut off, as if never written. */
    private void replay(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n') + 1;
        if (end < text.length()) {
            log.truncate(text.getBytes(StandardCharsets.UTF_8).length - text.substring(end)
                    .getBytes(StandardCharsets.UTF_8).length);
        }
        for (String line : text.substring(0, end).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            List<String> f = List.of(line.split(" "));
            String clientTxId = unb64(f.get(1));
            Open o = new Open(Long.parseLong(f.get(2)), Long.parseLong(f.get(3)),
                    Instant.ofEpochMilli(Long.parseLong(f.get(4))));
            if (f.get(0).equals("S")) {
                remember(clientTxId, o);
            } else {
                TseSignature s = new TseSignature(o.transactionNumber(), o.signatureCounter(), o.startTime(),
                        Instant.ofEpochMilli(Long.parseLong(f.get(5))), Base64.getDecoder().decode(f.get(8)),
                        unb64(f.get(6)), unb64(f.get(7)));
                opened.putIfAbsent(clientTxId, o);
                finished.put(clientTxId, s);
                transactions = Math.max(transactions, o.transactionNumber());
                counter = Math.max(counter, o.signatureCounter());
            }
        }
    }

    private static KeyPair keys(Path dir) throws IOException {
        Path priv = dir.resolve("key.pk8");
        Path pub = dir.resolve("key.pub");
        try {
            KeyFactory ec = KeyFactory.getInstance("EC");
            if (Files.exists(priv) && Files.exists(pub)) {
                return new KeyPair(ec.generatePublic(new X509EncodedKeySpec(Files.readAllBytes(pub))),
                        ec.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(priv))));
            }
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = g.generateKeyPair();
            write(pub, keys.getPublic().getEncoded());
            write(priv, keys.getPrivate().getEncoded());
            return keys;
        } catch (GeneralSecurityException e) {
            throw new IOException("this JDK cannot make P-256 keys", e);
        }
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String serial(byte[] point) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(point));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String s) {
        return b64(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static String unb64(String s) {
        return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
    }
}
