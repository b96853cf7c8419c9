package com.wkpos.edge.hq.license;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.wkpos.edge.provisioning.crypto.Ed25519Key;
import com.wkpos.edge.provisioning.crypto.JwsException;
import com.wkpos.edge.provisioning.license.LicenseClaims;
import com.wkpos.edge.provisioning.license.LicenseToken;
import com.wkpos.edge.provisioning.license.RenewalReply;
import com.wkpos.edge.provisioning.license.RenewalRequest;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LicenseAuthorityTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC);
    private final Ed25519Key hq = Ed25519Key.generate(RANDOM);
    private final List<String> schemas = new ArrayList<>();
    @TempDir
    Path dir;

    @AfterAll
    void dropSchemas() {
        if (!schemas.isEmpty()) {
            Databases.drop(schemas);
        }
    }

    private LicenseAuthority authority(String db) {
        DataSource ds = db.equals("sqlite") ? Databases.sqlite(dir.resolve(String.valueOf(RANDOM.nextInt(1 << 30))))
                : Databases.postgres(schemas);
        assumeThat(ds).as("PostgreSQL at " + Databases.PG_URL).isNotNull();
        return new LicenseAuthority(ds, hq, "wk-hq", clock);
    }

    private static String device() {
        return Ed25519Key.generate(RANDOM).kid();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void aSerialRegistersOneTenantOnceAndOnlyWhileValid(String db) throws Exception {
        LicenseAuthority a = authority(db);
        String serial = a.mintSerial(new Plan("pro", List.of("accounting", "loyalty"), 2, 365, 30));
        Outcome.Issued issued = (Outcome.Issued) a.registerTenant(serial.toLowerCase(), "acme");
        LicenseClaims c = LicenseToken.verify(issued.token(), a.publicKeys());
        assertThat(c.tenant()).isEqualTo("acme");
        assertThat(c.modules()).containsExactly("accounting", "loyalty");
        assertThat(c.maxDevices()).isEqualTo(2);
        assertThat(c.exp()).isEqualTo(clock.instant().plus(java.time.Duration.ofDays(365)));
        assertThat(c.device()).isEmpty();
        assertThat(reason(a.registerTenant(serial, "other"))).isEqualTo(Refused.Reason.SERIAL_USED);
        String typo = serial.substring(0, 5) + (serial.charAt(5) == '2' ? '3' : '2') + serial.substring(6);
        assertThat(reason(a.registerTenant(typo, "other"))).isEqualTo(Refused.Reason.INVALID_SERIAL);
        assertThat(reason(a.registerTenant(com.wkpos.edge.provisioning.license.SerialKey.generate(RANDOM), "other")))
                .isEqualTo(Refused.Reason.UNKNOWN_SERIAL);
        String revoked = a.mintSerial(new Plan("basic", List.of(), 1, 30, 30));
        a.revokeSerial(revoked);
        assertThat(reason(a.registerTenant(revoked, "other"))).isEqualTo(Refused.Reason.SERIAL_REVOKED);
        String second = a.mintSerial(new Plan("basic", List.of(), 1, 30, 30));
        assertThat(reason(a.registerTenant(second, "acme"))).isEqualTo(Refused.Reason.TENANT_EXISTS);
        assertThat(a.registerTenant(second, "other")).as("the serial stayed unused").isInstanceOf(Outcome.Issued.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void devicesActivateUpToTheLimitEvenWhenTheyRaceForTheLastSeat(String db) throws Exception {
        LicenseAuthority a = authority(db);
        a.registerTenant(a.mintSerial(new Plan("pro", List.of(), 3, 365, 30)), "acme");
        String first = device();
        Outcome.Issued one = (Outcome.Issued) a.activate("acme", first);
        assertThat(LicenseToken.verify(one.token(), a.publicKeys()).device()).contains(first);
        assertThat(a.activate("acme", first)).as("idempotent").isInstanceOf(Outcome.Issued.class);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Callable<Outcome>> racers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String d = device();
            racers.add(() -> a.activate("acme", d));
        }
        long won = 0;
        for (Future<Outcome> f : pool.invokeAll(racers)) {
            if (f.get() instanceof Outcome.Issued) {
                won++;
            } else {
                assertThat(reason(f.get())).isEqualTo(Refused.Reason.DEVICE_LIMIT_REACHED);
            }
        }
        pool.shutdown();
        assertThat(won).isEqualTo(2);
        assertThat(a.deactivate("acme", first)).isInstanceOf(Outcome.Done.class);
        assertThat(a.activate("acme", device())).as("a freed seat").isInstanceOf(Outcome.Issued.class);
        assertThat(reason(a.activate("acme", device()))).isEqualTo(Refused.Reason.DEVICE_LIMIT_REACHED);
        assertThat(reason(a.activate("nobody", device()))).isEqualTo(Refused.Reason.UNKNOWN_TENANT);
        assertThat(reason(a.deactivate("acme", device()))).isEqualTo(Refused.Reason.UNKNOWN_DEVICE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void renewalAnswersWithHqTimeTheNonceAndTheStanding(String db) throws Exception {
        LicenseAuthority a = authority(db);
        a.registerTenant(a.mintSerial(new Plan("pro", List.of(), 1, 365, 30)), "acme");
        Ed25519Key box = Ed25519Key.generate(RANDOM);
        RenewalReply r = renew(a, box, "acme");
        assertThat(r.status()).as("activated at its first heartbeat").isEqualTo(RenewalReply.Status.ACTIVE);
        assertThat(r.hqTime()).isEqualTo(clock.instant());
        assertThat(LicenseToken.verify(r.license().orElseThrow(), a.publicKeys()).device()).contains(box.kid());
        assertThat(renew(a, box, "acme").license()).as("no new token per heartbeat").isEqualTo(r.license());
        assertThat(renew(a, Ed25519Key.generate(RANDOM), "acme").status()).isEqualTo(RenewalReply.Status.DEVICE_LIMIT_REACHED);
        a.suspend("acme");
        assertThat(renew(a, box, "acme").status()).isEqualTo(RenewalReply.Status.SUSPENDED);
        assertThat(reason(a.activate("acme", device()))).isEqualTo(Refused.Reason.LICENSE_SUSPENDED);
        a.resume("acme");
        assertThat(renew(a, box, "acme").status()).isEqualTo(RenewalReply.Status.ACTIVE);
        a.deactivate("acme", box.kid());
        assertThat(renew(a, box, "acme").status()).isEqualTo(RenewalReply.Status.DEACTIVATED);
        a.revoke("acme");
        assertThat(renew(a, box, "acme").status()).isEqualTo(RenewalReply.Status.REVOKED);
        assertThat(reason(a.resume("acme"))).isEqualTo(Refused.Reason.LICENSE_REVOKED);
        assertThat(renew(a, box, "ghost").status()).isEqualTo(RenewalReply.Status.UNKNOWN_TENANT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite"})
    void aForgedRenewalRequestIsNotAnswered(String db) {
        LicenseAuthority a = authority(db);
        Ed25519Key box = Ed25519Key.generate(RANDOM);
        Ed25519Key other = Ed25519Key.generate(RANDOM);
        String request = new RenewalRequest("acme", box.kid(), box.publicBytes(), "n".repeat(22), 0, clock.instant()).sign(box);
        String[] p = request.split("\\.");
        String forged = p[0] + "." + p[1] + "." + com.wkpos.edge.provisioning.crypto.Base64Url.encode(
                other.sign((p[0] + "." + p[1]).getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> a.renew(forged)).isInstanceOf(JwsException.class);
    }

    private RenewalReply renew(LicenseAuthority a, Ed25519Key box, String tenant) throws JwsException {
        String nonce = com.wkpos.edge.provisioning.crypto.Base64Url.encode(RANDOM.generateSeed(18));
        RenewalReply reply = RenewalReply.verify(a.renew(new RenewalRequest(tenant, box.kid(), box.publicBytes(), nonce, 0,
                clock.instant()).sign(box)), a.publicKeys());
        assertThat(reply.nonce()).isEqualTo(nonce);
        assertThat(reply.device()).isEqualTo(box.kid());
        return reply;
    }

    private static Refused.Reason reason(Outcome o) {
        assertThat(o).isInstanceOf(Refused.class);
        return ((Refused) o).reason();
    }
}
