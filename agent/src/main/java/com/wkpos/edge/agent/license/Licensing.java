package com.wkpos.edge.agent.license;

import com.wkpos.edge.agent.event.Events;
import com.wkpos.edge.agent.journal.HashChain;
import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.journal.Projections;
import com.wkpos.edge.provisioning.crypto.Base64Url;
import com.wkpos.edge.provisioning.crypto.Ed25519Key;
import com.wkpos.edge.provisioning.crypto.JwsException;
import com.wkpos.edge.provisioning.crypto.KeyFiles;
import com.wkpos.edge.provisioning.crypto.KeySet;
import com.wkpos.edge.provisioning.license.LicenseClaims;
import com.wkpos.edge.provisioning.license.LicenseToken;
import com.wkpos.edge.provisioning.license.RenewalReply;
import com.wkpos.edge.provisioning.license.RenewalRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.tinylog.Logger;

/**
 * The box's license: keeps the token (state dir {@code license/license.jws}), verifies it at start
 * and at every {@link #check()} against the pinned HQ keys, keeps {@link TrustedTime}, runs the
 * grace ladder, and takes tokens and signed heartbeat replies from any transport (LAN API, MQTT).
 * Everything refused leaves the license as it was and is audited. Thread-safe (one lock; calls are
 * rare next to sales, and the gate reads {@link #status()} without touching disk).
 */
public final class Licensing {
    public static final String TOKEN_FILE = "license/license.jws";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What became of a token or reply offered to the box. */
    public sealed interface Outcome permits Accepted, Rejected {
    }

    public record Accepted(String detail) implements Outcome {
    }

    /** @param reason a stable slug such as {@code bad-signature}, {@code lower-seq}, {@code replayed-reply} */
    public record Rejected(String reason, String detail) implements Outcome {
    }

    private final Path stateDir;
    private final Ed25519Key deviceKey;
    private LicenseSettings settings;
    private final LicenseAudit audit;
    private final Events events;
    private final TrustedTime time;
    private KeySet pinned;
    private String token;
    private Optional<LicenseClaims> claims = Optional.empty();
    private String whyNone;
    private Optional<Instant> lastReply = Optional.empty();
    private RenewalReply.Status standing = RenewalReply.Status.ACTIVE;
    private String standingDetail = "";
    private String pendingNonce;
    private LicenseStatus.Level lastLevel;

    private Licensing(Path stateDir, Ed25519Key deviceKey, LicenseSettings settings, Journal journal, Events events,
                      TrustedTime time) {
        this.stateDir = stateDir;
        this.deviceKey = deviceKey;
        this.settings = settings;
        this.audit = new LicenseAudit(journal);
        this.events = events;
        this.time = time;
    }

    public static void register(Projections.Builder b) {
        LicenseAudit.register(b);
    }

    /** Opens the license of the box in {@code stateDir}; never fails for a missing or bad license (the box runs locked). */
    public static Licensing open(Path stateDir, LicenseSettings settings, Journal journal, Events events, Clock clock,
                                 LongSupplier monotonicNanos) {
        Ed25519Key deviceKey = DeviceKey.loadOrCreate(stateDir);
        Optional<StateFile> state = Optional.empty();
        String tampered = null;
        try {
            state = StateFile.read(stateDir, deviceKey);
        } catch (IllegalStateException e) {
            tampered = e.getMessage();
        }
        Instant floor = state.map(s -> s.lastReply().filter(r -> r.isAfter(s.lastSeen())).orElse(s.lastSeen()))
                .orElse(Instant.EPOCH);
        Licensing l = new Licensing(stateDir, deviceKey, settings, journal, events,
                new TrustedTime(clock, monotonicNanos, floor));
        state.ifPresent(s -> {
            l.lastReply = s.lastReply();
            l.standing = s.standing();
            l.standingDetail = s.standingDetail();
        });
        if (tampered != null) {
            l.reject("state-file", "tampered-state", tampered);
        }
        l.loadAtStart();
        l.lastLevel = l.status().level();
        Logger.info("license: {} ({}); device key {}", l.lastLevel, l.status().detail(), deviceKey.kid());
        return l;
    }

    private synchronized void loadAtStart() {
        pinned = readPinned();
        Path file = stateDir.resolve(TOKEN_FILE);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            whyNone = "no license installed (" + TOKEN_FILE + "); install one or let the box reach HQ";
            return;
        } catch (IOException e) {
            whyNone = "cannot read " + file + ": " + e.getMessage();
            return;
        }
        try {
            LicenseClaims c = LicenseToken.verify(text, pinned);
            time.raiseTo(c.iat());
            String problem = mismatch(c);
            if (problem != null) {
                reject("file", "wrong-license", problem);
                whyNone = "the installed license was refused: " + problem;
                return;
            }
            token = text;
            claims = Optional.of(c);
        } catch (JwsException e) {
            reject("file", slug(e.reason()), e.getMessage());
            whyNone = "the installed license was refused: " + e.getMessage();
        }
    }

    /** The ladder now, on trusted time. Cheap: no disk, no journal. */
    public synchronized LicenseStatus status() {
        LicenseStatus s = Ladder.evaluate(time.now(), claims, deviceKey.kid(), lastReply, standing,
                whyNone == null ? "no license" : whyNone);
        if (!standingDetail.isEmpty() && s.locked() && standing != RenewalReply.Status.ACTIVE) {
            return new LicenseStatus(s.level(), s.problem(), s.detail() + " (" + standingDetail + ")", s.claims(),
                    s.trustedNow(), s.lastHeartbeat(), s.offline());
        }
        return s;
    }

    public String deviceThumbprint() {
        return deviceKey.kid();
    }

    /** Offers a license token (from a technician, the LAN API, a USB key or HQ). */
    public synchronized Outcome install(String offered, String source) {
        LicenseClaims c;
        try {
            c = LicenseToken.verify(offered == null ? null : offered.strip(), pinned);
        } catch (JwsException e) {
            return reject(source, slug(e.reason()), e.getMessage());
        }
        String text = offered.strip();
        Instant now = time.now();
        String problem = mismatch(c);
        if (problem != null) {
            return reject(source, "wrong-license", problem);
        }
        if (!now.isBefore(c.exp())) {
            return reject(source, "expired", "license " + c.sub() + " expired at " + c.exp() + " (trusted time " + now + ")");
        }
        if (now.isBefore(c.nbf())) {
            return reject(source, "not-yet-valid", "license " + c.sub() + " is not valid before " + c.nbf()
                    + " (trusted time " + now + ")");
        }
        if (claims.isPresent()) {
            LicenseClaims held = claims.get();
            if (text.equals(token)) {
                return new Accepted("license " + c.sub() + " seq " + c.seq() + " is already installed");
            }
            if (c.seq() <= held.seq()) {
                return reject(source, "lower-seq", "license seq " + c.seq() + " is not above the seq " + held.seq()
                        + " held; an older license never replaces a newer one");
            }
        }
        KeyFiles.writeAtomically(stateDir.resolve(TOKEN_FILE), (text + "\n").getBytes(StandardCharsets.US_ASCII), true);
        token = text;
        claims = Optional.of(c);
        whyNone = null;
        time.raiseTo(c.iat());
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("licenseId", c.sub());
        f.put("seq", c.seq());
        f.put("tenant", c.tenant());
        f.put("plan", c.plan());
        f.put("exp", c.exp().toString());
        f.put("device", c.device().orElse("none"));
        f.put("sha256", HashChain.sha256Hex(text.getBytes(StandardCharsets.US_ASCII)));
        audit.record(LicenseAudit.INSTALLED, now, source, f);
        persist();
        levelChanged(source);
        return new Accepted("license " + c.sub() + " seq " + c.seq() + " installed (" + c.plan() + ", " + c.modules() + ")");
    }

    /**
     * Takes the HQ keys and tenant a provisioning bundle brought, for whatever the local configuration leaves
     * unset (configured keys and tenant win), and verifies against them from now on.
     */
    public synchronized void adopt(Path keys, String tenant) {
        settings = new LicenseSettings(settings.keys().or(() -> Optional.of(keys)), settings.tenant().or(() -> Optional.of(tenant)));
        pinned = readPinned();
    }

    /** True when HQ's license keys are pinned (configured or provisioned), so renewals can be verified. */
    public synchronized boolean keysPinned() {
        return settings.keys().isPresent();
    }

    /** A fresh heartbeat renewal request, signed with the device key; its nonce is the one reply awaited. */
    public synchronized String renewalRequest() {
        String tenant = claims.map(LicenseClaims::tenant).or(settings::tenant).orElseThrow(() ->
                new IllegalStateException("no tenant known yet: install a license or configure license.tenant"));
        byte[] nonce = new byte[18];
        RANDOM.nextBytes(nonce);
        pendingNonce = Base64Url.encode(nonce);
        return new RenewalRequest(tenant, deviceKey.kid(), deviceKey.publicBytes(), pendingNonce,
                claims.map(LicenseClaims::seq).orElse(0L), time.now()).sign(deviceKey);
    }

    /** Takes HQ's signed reply to the last {@link #renewalRequest()}; a reply to any other request is refused. */
    public synchronized Outcome acceptReply(String replyToken) {
        RenewalReply r;
        try {
            r = RenewalReply.verify(replyToken, pinned);
        } catch (JwsException e) {
            return reject("hq", slug(e.reason()), "renewal reply: " + e.getMessage());
        }
        if (pendingNonce == null || !pendingNonce.equals(r.nonce())) {
            return reject("hq", "replayed-reply", "renewal reply for nonce " + r.nonce()
                    + " answers no outstanding request (replayed or late)");
        }
        String tenant = claims.map(LicenseClaims::tenant).or(settings::tenant).orElse(null);
        if (!r.device().equals(deviceKey.kid()) || !r.tenant().equals(tenant)) {
            return reject("hq", "wrong-license", "renewal reply for tenant " + r.tenant() + " device " + r.device());
        }
        pendingNonce = null;
        time.resetTo(r.hqTime());
        lastReply = Optional.of(r.hqTime());
        standing = r.status();
        standingDetail = r.detail();
        String detail = "HQ answered " + r.status() + " at " + r.hqTime();
        if (r.license().isPresent() && !r.license().get().equals(token)) {
            Outcome installed = install(r.license().get(), "hq");
            detail += "; " + (installed instanceof Accepted a ? a.detail() : "its license was refused");
        }
        persist();
        levelChanged("hq");
        return new Accepted(detail);
    }

    /** Periodic: watches the clock, re-verifies the token against the pinned keys, persists trusted time. */
    public synchronized LicenseStatus check() {
        time.observe().ifPresent(j -> audit.record(LicenseAudit.CLOCK_JUMP, j.expected(), "system",
                Map.of("wall", j.wall().toString(), "bySeconds", j.by().toSeconds())));
        pinned = readPinned();
        if (token != null) {
            try {
                LicenseToken.verify(token, pinned);
            } catch (JwsException e) {
                reject("check", slug(e.reason()), "the installed license no longer verifies: " + e.getMessage());
                claims = Optional.empty();
                token = null;
                whyNone = "the installed license no longer verifies: " + e.getMessage();
            }
        }
        persist();
        levelChanged("system");
        return status();
    }

    /** Writes trusted last-seen time; called on shutdown too, so a restart never starts earlier. */
    public synchronized void persist() {
        new StateFile(time.now(), lastReply, standing, standingDetail).write(stateDir, deviceKey);
    }

    private void levelChanged(String actor) {
        LicenseStatus s = status();
        if (s.level() == lastLevel) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("from", lastLevel.name());
        data.put("to", s.level().name());
        data.put("detail", s.detail());
        audit.record(LicenseAudit.LEVEL, s.trustedNow(), actor, data);
        Logger.warn("license: {} -> {}: {}", lastLevel, s.level(), s.detail());
        lastLevel = s.level();
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("level", s.level().name());
        event.put("detail", s.detail());
        event.put("offlineHours", s.offline().toHours());
        if (s.problem() != null) {
            event.put("problem", s.problem());
        }
        events.publish("license.state", event);
    }

    private String mismatch(LicenseClaims c) {
        Optional<String> tenant = claims.map(LicenseClaims::tenant).or(settings::tenant);
        if (tenant.isPresent() && !tenant.get().equals(c.tenant())) {
            return "license " + c.sub() + " is for tenant " + c.tenant() + ", this box belongs to " + tenant.get();
        }
        if (c.device().isPresent() && !c.device().get().equals(deviceKey.kid())) {
            return "license " + c.sub() + " is bound to device " + c.device().get() + ", this box is " + deviceKey.kid();
        }
        if (c.device().isEmpty() && claims.flatMap(LicenseClaims::device).isPresent()) {
            return "license " + c.sub() + " is not bound to this device; the box holds an activated license";
        }
        return null;
    }

    private Rejected reject(String source, String reason, String detail) {
        Logger.warn("license refused from {}: {}: {}", source, reason, detail);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("source", source);
        f.put("reason", reason);
        f.put("detail", detail);
        audit.record(LicenseAudit.REJECTED, time.now(), source, f);
        return new Rejected(reason, detail);
    }

    private KeySet readPinned() {
        if (settings.keys().isEmpty()) {
            return new KeySet(java.util.List.of());
        }
        try {
            return KeySet.read(settings.keys().get());
        } catch (IllegalArgumentException e) {
            Logger.error("license: pinned HQ keys unreadable, no license can verify: {}", e.getMessage());
            return new KeySet(java.util.List.of());
        }
    }

    public synchronized Map<String, Object> health() {
        LicenseStatus s = status();
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("level", s.level().name());
        h.put("detail", s.detail());
        if (s.problem() != null) {
            h.put("problem", s.problem());
        }
        h.put("trustedTime", s.trustedNow().toString());
        h.put("lastHeartbeat", s.lastHeartbeat().toString());
        h.put("offlineHours", s.offline().toHours());
        h.put("device", deviceKey.kid());
        s.claims().ifPresent(c -> {
            h.put("tenant", c.tenant());
            h.put("licenseId", c.sub());
            h.put("plan", c.plan());
            h.put("modules", c.modules());
            h.put("expires", c.exp().toString());
            h.put("offlineDays", c.offlineDays());
            h.put("seq", c.seq());
            h.put("activated", c.device().isPresent());
        });
        h.put("pinnedKeys", pinned.kids());
        return h;
    }

    static String slug(JwsException.Reason reason) {
        return reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
