package com.wkpos.edge.agent.provisioning;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.journal.Projections;
import com.wkpos.edge.provisioning.bundle.Bundle;
import com.wkpos.edge.provisioning.bundle.BundleToken;
import com.wkpos.edge.provisioning.crypto.JwsException;
import com.wkpos.edge.provisioning.crypto.KeySet;
import com.wkpos.edge.provisioning.crypto.StrictJson;
import com.wkpos.edge.provisioning.pki.DeviceCsr;
import com.wkpos.edge.provisioning.pki.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.tinylog.Logger;

/**
 * Applies a bundle to the box: verify the signature against the pinned provisioning keys (before anything
 * of it is parsed), refuse expired, replayed, other-branch input, make the device key on the box, enroll
 * with HQ, stage and fsync every file, swap the pointer atomically, then hand the new configuration to
 * {@code onInstalled} (sync reconnects with mTLS) and print the slip. Every step and every refusal is a
 * journal entry. A crash anywhere leaves the previous configuration in force; a crash after enrolling
 * resumes from the staged key and certificate, since the token is spent. Single-threaded: one bundle at a time.
 */
public final class Provisioner {
    /** What became of a bundle. */
    public sealed interface Outcome permits Applied, Refused {
    }

    public record Applied(InstalledConfig.Installed installed) implements Outcome {
    }

    public record Refused(String reason, String detail) implements Outcome {
    }

    /**
     * Puts a configuration just swapped in to work in the running agent (sync, license, confirmation slip).
     * Returns what it did, step by step, for the audit trail; a step that failed says so in its own entry.
     * Must not throw for an environment failure: the configuration is in force either way, and a restart applies it.
     */
    @FunctionalInterface
    public interface Switch {
        java.util.List<Step> switchTo(InstalledConfig.Installed installed);
    }

    /** One audited step of the switch ({@code license}, {@code sync}, {@code slip-printed}, …); no secrets in it. */
    public record Step(String name, String detail) {
    }

    /** Called as each step is reached; tests inject a power cut here. */
    @FunctionalInterface
    public interface Steps {
        void reached(String step);
    }

    static final String DEVICE_PUBLIC_KEY = "device.pub.pem";
    private final Clock clock;
    private final KeySet pinned;
    private final InstalledConfig config;
    private final Enroller enroller;
    private final ProvisioningAudit audit;
    private final Switch onInstalled;
    private final Steps steps;

    public Provisioner(Journal journal, Clock clock, KeySet pinned, InstalledConfig config, Enroller enroller,
                       Switch onInstalled, Steps steps) {
        this.clock = clock;
        this.pinned = pinned;
        this.config = config;
        this.enroller = enroller;
        this.audit = new ProvisioningAudit(journal);
        this.onInstalled = onInstalled;
        this.steps = steps;
    }

    public static void register(Projections.Builder b) {
        ProvisioningAudit.register(b);
    }

    /** Applies the bundle text read from {@code source} (for the audit trail). */
    public Outcome apply(String source, String text) {
        Instant now = clock.instant();
        String digest = sha256(text);
        audit.step(now, digest.substring(0, 16), "received", source + " sha256=" + digest);
        Bundle b;
        try {
            b = BundleToken.verify(text, pinned);
        } catch (JwsException e) {
            return refuse(digest.substring(0, 16), e.reason().name().toLowerCase(java.util.Locale.ROOT), e.getMessage());
        }
        Optional<InstalledConfig.Installed> installed = config.current();
        String refusal = check(b, now, installed);
        if (refusal != null) {
            return refuse(b.id(), refusal.substring(0, refusal.indexOf(':')), refusal.substring(refusal.indexOf(':') + 2));
        }
        audit.step(clock.instant(), b.id(), "verified", "seq " + b.seq() + " for " + b.tenant() + "/" + b.branch()
                + " device " + b.deviceName() + ", signed by " + com.wkpos.edge.provisioning.crypto.Jws.peekKid(text));
        try {
            return install(b);
        } catch (Enroller.EnrollException e) {
            return refuse(b.id(), "enroll-failed", e.getMessage());
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            return refuse(b.id(), "stage-failed", e.getMessage());
        }
    }

    private String check(Bundle b, Instant now, Optional<InstalledConfig.Installed> installed) {
        if (!now.isBefore(b.expires())) {
            return "expired: the bundle expired at " + b.expires();
        }
        if (now.isBefore(b.issuedAt().minusSeconds(300))) {
            return "not-yet-valid: the bundle is issued at " + b.issuedAt() + ", the box's clock says " + now;
        }
        if (installed.isPresent()) {
            InstalledConfig.Installed i = installed.get();
            if (b.seq() <= i.seq()) {
                return "replayed: seq " + b.seq() + " is not above the installed seq " + i.seq();
            }
            if (!b.tenant().equals(i.tenant()) || !b.branch().equals(i.branch())) {
                return "other-branch: the box is " + i.tenant() + "/" + i.branch() + ", the bundle is for " + b.tenant()
                        + "/" + b.branch() + " (reset the box first)";
            }
        }
        return null;
    }

    private Outcome install(Bundle b) throws IOException, GeneralSecurityException, Enroller.EnrollException {
        Path dir = config.staging(b.id());
        KeyPair keys = keysIn(dir).orElse(null);
        if (keys == null) {
            keys = DeviceCsr.generateKeyPair(new SecureRandom());
            // the public half first: a key file without it is ignored on resume and made anew
            InstalledConfig.writeDurably(dir.resolve(DEVICE_PUBLIC_KEY), Pem.write(keys.getPublic()), false);
            InstalledConfig.writeDurably(dir.resolve(InstalledConfig.DEVICE_KEY), Pem.of(keys.getPrivate()), true);
            audit.step(clock.instant(), b.id(), "key-generated", "EC P-256, private key kept on the box");
        }
        steps.reached("key-generated");
        X509Certificate cert = enrolled(b, dir, keys);
        steps.reached("enrolled");
        InstalledConfig.writeDurably(dir.resolve(InstalledConfig.CA), b.brokerCaPem(), false);
        InstalledConfig.writeDurably(dir.resolve(InstalledConfig.HQ_KEY), b.syncKeyPem(), false);
        InstalledConfig.writeDurably(dir.resolve(InstalledConfig.LICENSE_KEYS),
                new String(b.licenseKeys().toJson(), StandardCharsets.UTF_8), false);
        if (b.license() != null) {
            InstalledConfig.writeDurably(dir.resolve(InstalledConfig.LICENSE), b.license() + "\n", false);
        }
        InstalledConfig.writeDurably(dir.resolve(InstalledConfig.SETTINGS), settings(b).toPrettyString(), false);
        audit.step(clock.instant(), b.id(), "staged", dir.getFileName() + " (fsynced)");
        steps.reached("staged");
        config.swapTo(dir);
        steps.reached("swapped");
        InstalledConfig.Installed now = config.current().orElseThrow();
        audit.step(clock.instant(), b.id(), "swapped", "configuration seq " + b.seq() + " in force, certificate serial "
                + cert.getSerialNumber().toString(16));
        java.util.List<Step> done;
        try {
            done = onInstalled.switchTo(now);
        } catch (RuntimeException e) {
            Logger.error(e, "switching the running agent to bundle {} failed; a restart applies it", b.id());
            done = java.util.List.of(new Step("switch-failed", e + "; the configuration is in force at the next start"));
        }
        for (Step s : done) {
            audit.step(clock.instant(), b.id(), s.name(), s.detail());
        }
        audit.step(clock.instant(), b.id(), "applied", "configured for " + b.brokerUrl() + " with mTLS as "
                + b.deviceName());
        Logger.info("provisioned as {} ({}/{}), bundle {} seq {}", b.deviceName(), b.tenant(), b.branch(), b.id(), b.seq());
        return new Applied(now);
    }

    /** The staged certificate when a previous attempt got one for these keys, else a new one from HQ. */
    private X509Certificate enrolled(Bundle b, Path dir, KeyPair keys) throws IOException, Enroller.EnrollException {
        Path certFile = dir.resolve(InstalledConfig.DEVICE_CERT);
        if (Files.exists(certFile)) {
            X509Certificate staged = Pem.certificate(Files.readString(certFile));
            if (staged.getPublicKey().equals(keys.getPublic())) {
                audit.step(clock.instant(), b.id(), "enrolled", "resumed with the staged certificate serial "
                        + staged.getSerialNumber().toString(16));
                return staged;
            }
        }
        Enroller.Certificate answer = enroller.enroll(b.enrollUrl(), b.enrollToken(), DeviceCsr.create(b.deviceName(), keys));
        X509Certificate cert = Pem.certificate(answer.certificatePem());
        X509Certificate ca = Pem.certificate(b.brokerCaPem());
        try {
            cert.verify(ca.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new Enroller.EnrollException("HQ's certificate is not issued by the bundle's CA", e);
        }
        if (!cert.getPublicKey().equals(keys.getPublic())
                || !cert.getSubjectX500Principal().getName().equals("CN=" + b.deviceName())) {
            throw new Enroller.EnrollException("HQ's certificate is not for this box's key and name "
                    + b.deviceName() + ": " + cert.getSubjectX500Principal(), null);
        }
        InstalledConfig.writeDurably(certFile, answer.certificatePem(), false);
        audit.step(clock.instant(), b.id(), "enrolled", "certificate serial " + cert.getSerialNumber().toString(16)
                + " for " + b.deviceName() + " until " + cert.getNotAfter().toInstant());
        return cert;
    }

    private static Optional<KeyPair> keysIn(Path dir) throws IOException, GeneralSecurityException {
        Path keyFile = dir.resolve(InstalledConfig.DEVICE_KEY);
        Path pubFile = dir.resolve(DEVICE_PUBLIC_KEY);
        if (!Files.exists(keyFile) || !Files.exists(pubFile)) {
            return Optional.empty();
        }
        String pem = Files.readString(pubFile);
        byte[] der = java.util.Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        return Optional.of(new KeyPair(KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der)),
                Pem.privateKey(Files.readString(keyFile))));
    }

    private static ObjectNode settings(Bundle b) {
        ObjectNode s = StrictJson.MAPPER.createObjectNode();
        s.put("bundle", b.id()).put("seq", b.seq()).put("tenant", b.tenant()).put("branch", b.branch())
                .put("device", b.deviceName()).put("broker", b.brokerUrl()).put("installedFrom", "usb-key");
        ObjectNode d = s.putObject("devices");
        new java.util.TreeMap<>(b.devices()).forEach(d::put);
        ObjectNode l = s.putObject("lan");
        new java.util.TreeMap<>(b.lan()).forEach(l::put);
        return s;
    }

    private Outcome refuse(String bundle, String reason, String detail) {
        audit.refused(clock.instant(), bundle, reason, detail);
        Logger.warn("USB-key bundle {} refused ({}): {}", bundle, reason, detail);
        return new Refused(reason, detail);
    }

    /** Audits a file refused before its signature could be checked (symlink, oversized, escaping path). */
    public Outcome refuseUnread(String source, String detail) {
        return refuse("unread", detail.contains(":") ? detail.substring(0, detail.indexOf(':')).replace(' ', '-')
                : detail.replace(' ', '-'), source + ": " + detail);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
