package com.wkpos.edge.agent.fiscal;

import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.drivers.api.FiscalException;
import com.wkpos.edge.drivers.api.FiscalSigner;
import com.wkpos.edge.drivers.api.TseIdentity;
import com.wkpos.edge.drivers.api.TseSignature;
import com.wkpos.edge.drivers.fiscal.TseQrCode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.tinylog.Logger;

/**
 * Signs the pending fiscal documents with the security device, on its own thread and in journal order,
 * and journals each answer ({@code fiscal.signed}, or {@code fiscal.failed} when the device cannot sign).
 * A sale never waits for the device: it commits first, and its receipt prints once its record is signed.
 *
 * <p>Crash-safe: a document is signed under its own id as the client transaction id, so a restart that
 * signs a document again (the device answered, the journal did not commit) gets the same transaction
 * back from a device that supports that (the simulator does); other devices open a new transaction and
 * the earlier one stays in the device's log as unused.
 *
 * <p>A device that fails three times in a row for one document marks it FAILED (its receipt says the
 * device was out) and is then tried once per document until it answers again.
 */
public final class FiscalRecorder implements AutoCloseable {
    static final String SIGNED = "fiscal.signed";
    static final String FAILED = "fiscal.failed";
    private static final int BATCH = 64;
    private static final int ATTEMPTS = 3;

    private final Journal journal;
    private final FiscalSigner signer;
    private final String clientId;
    private final Clock clock;
    private final Duration retry;
    private final Runnable onRecorded;
    private final Object signal = new Object();
    private final Thread thread;
    private volatile boolean running = true;
    private boolean deviceDown;
    private boolean woken;

    /**
     * @param clientId   the till's serial number as the device knows it ({@link Fiscal#clientId})
     * @param retry      the pause between attempts at a document
     * @param onRecorded runs after each commit of signatures (wakes the print worker)
     */
    public FiscalRecorder(Journal journal, FiscalSigner signer, String clientId, Clock clock, Duration retry,
                          Runnable onRecorded) {
        this.journal = journal;
        this.signer = signer;
        this.clientId = clientId;
        this.clock = clock;
        this.retry = retry;
        this.onRecorded = onRecorded;
        this.thread = Thread.ofPlatform().name("fiscal-recorder").daemon(true).unstarted(this::run);
    }

    public FiscalRecorder start() {
        thread.start();
        return this;
    }

    /** Wakes the recorder: an entry with a fiscal document committed. */
    public void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    private void run() {
        while (running) {
            try {
                if (!recordBatch()) {
                    pause(Duration.ofSeconds(30));
                }
            } catch (RuntimeException e) {
                Logger.error(e, "fiscal recorder: unexpected failure; retrying in {} ms", retry.toMillis());
                pause(retry);
            }
        }
    }

    /** @return whether it recorded anything (and more may be waiting) */
    boolean recordBatch() {
        List<FiscalRecord> pending = journal.read(c -> FiscalRecords.pending(c, BATCH));
        if (pending.isEmpty()) {
            return false;
        }
        List<Map<String, Object>> signed = new ArrayList<>();
        List<Map<String, Object>> failed = new ArrayList<>();
        for (FiscalRecord record : pending) {
            Map<String, Object> answer = attempt(record);
            if (answer == null) {
                break;
            }
            (answer.containsKey("error") ? failed : signed).add(answer);
            if (!running) {
                break;
            }
        }
        if (signed.isEmpty() && failed.isEmpty()) {
            return false;
        }
        try {
            journal.submit(tx -> {
                for (Map<String, Object> s : signed) {
                    tx.append(SIGNED, s);
                }
                for (Map<String, Object> f : failed) {
                    tx.append(FAILED, f);
                }
                return null;
            }).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        onRecorded.run();
        return true;
    }

    /** Signs one record: the {@code fiscal.signed} payload, a {@code fiscal.failed} one, or null to try later. */
    private Map<String, Object> attempt(FiscalRecord record) {
        int attempts = deviceDown ? 1 : ATTEMPTS;
        FiscalException last = null;
        for (int i = 1; i <= attempts && running; i++) {
            try {
                Map<String, Object> out = sign(record);
                if (deviceDown) {
                    Logger.info("fiscal: the security device signs again ({})", record.document());
                }
                deviceDown = false;
                return out;
            } catch (FiscalException e) {
                last = e;
                Logger.warn("fiscal: signing {} failed (attempt {} of {}): {}", record.document(), i, attempts,
                        e.getMessage());
                if (i < attempts) {
                    pause(retry.multipliedBy(i));
                }
            }
        }
        if (!running || last == null) {
            return null;
        }
        deviceDown = true;
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("document", record.document());
        f.put("error", last.getMessage());
        f.put("at", clock.instant().toString());
        return f;
    }

    private Map<String, Object> sign(FiscalRecord record) throws FiscalException {
        TseIdentity identity = signer.identity();
        signer.start(clientId, record.document(), record.processType(), "");
        TseSignature s = signer.finish(clientId, record.document(), record.processType(), record.processData());
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("document", record.document());
        p.put("clientId", clientId);
        p.put("processType", s.processType());
        p.put("processData", s.processData());
        p.put("transactionNumber", s.transactionNumber());
        p.put("signatureCounter", s.signatureCounter());
        p.put("startTime", TseQrCode.time(s.startTime()));
        p.put("logTime", TseQrCode.time(s.logTime()));
        p.put("signature", Base64.getEncoder().encodeToString(s.signature()));
        p.put("tseSerial", identity.serialNumber());
        p.put("algorithm", identity.signatureAlgorithm());
        p.put("timeFormat", identity.timeFormat());
        p.put("publicKey", Base64.getEncoder().encodeToString(identity.publicKey()));
        return p;
    }

    private void pause(Duration d) {
        synchronized (signal) {
            if (woken) {
                woken = false;
                return;
            }
            try {
                signal.wait(Math.max(1, d.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
            woken = false;
        }
    }

    @Override
    public void close() {
        running = false;
        wake();
        if (!thread.isAlive()) {
            return;
        }
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
