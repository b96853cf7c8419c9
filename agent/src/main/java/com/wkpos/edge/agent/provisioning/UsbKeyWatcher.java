package com.wkpos.edge.agent.provisioning;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;

/**
 * Polls for USB-key bundles (the import unit's spool and mounted keys, {@link BundleInbox}) and hands each
 * new one to the {@link Provisioner} on one thread. A spool copy is deleted once its outcome is journaled;
 * a bundle on a mounted key is left alone and remembered (by path and content) so a key left plugged in
 * is applied or refused once, not every poll.
 */
public final class UsbKeyWatcher implements AutoCloseable {
    private final BundleInbox inbox;
    private final Provisioner provisioner;
    private final Set<String> seen = new HashSet<>();
    private ScheduledExecutorService timer;

    public UsbKeyWatcher(Path spool, List<Path> mountRoots, List<Path> keyFolders, Provisioner provisioner) {
        this.inbox = new BundleInbox(spool, mountRoots, keyFolders);
        this.provisioner = provisioner;
    }

    /** The usual places: the spool under the state directory, {@code /media} and {@code /run/media}, plus {@code extra}. */
    public static UsbKeyWatcher standard(Path stateDir, List<Path> extra, Provisioner provisioner) {
        return new UsbKeyWatcher(stateDir.resolve("usb-key"), List.of(Path.of("/media"), Path.of("/run/media")), extra,
                provisioner);
    }

    /** One pass; returns the outcomes of bundles handled in it. */
    public synchronized List<Provisioner.Outcome> pollOnce() {
        List<Provisioner.Outcome> outcomes = new ArrayList<>();
        for (BundleInbox.Candidate c : inbox.scan()) {
            String key = c.file() + "#" + (c.text() == null ? c.refusal() : Provisioner.sha256(c.text()));
            if (!c.spooled() && !seen.add(key)) {
                continue;
            }
            outcomes.add(c.text() == null ? provisioner.refuseUnread(c.file().toString(), c.refusal())
                    : provisioner.apply(c.file().toString(), c.text()));
            if (c.spooled()) {
                try {
                    Files.deleteIfExists(c.file());
                } catch (IOException e) {
                    Logger.warn("cannot delete the handled spool copy {}: {}", c.file(), e.getMessage());
                }
            }
        }
        return outcomes;
    }

    public UsbKeyWatcher start(Duration every) {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("usb-key").daemon(true).factory());
        timer.scheduleWithFixedDelay(() -> {
            try {
                pollOnce();
            } catch (RuntimeException e) {
                Logger.error(e, "USB-key provisioning pass failed");
            }
        }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
