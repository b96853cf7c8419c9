package com.wkpos.edge.agent.staff;

import com.wkpos.edge.agent.journal.Audit;
import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.journal.ProjectionContext;
import com.wkpos.edge.agent.journal.Projections;
import com.wkpos.edge.agent.rule.Refused;
import com.wkpos.edge.provisioning.crypto.PinHash;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Staff log-ins at the counter: a PIN opens a session whose token screens send as {@code X-WK-Staff};
 * the session's member is the actor of every journal entry made with it. Five wrong PINs in a row lock
 * that user for 15 minutes (log-ins and approvals alike). PINs are checked on the caller's thread, never
 * on the journal writer, because a slow hash would stall every sale. Every log-in, failure and lock is
 * journaled (audit), and the run of failures is projected ({@code staff_pin_failures}) and read back at
 * start, so restarting the agent never lifts a lock or resets the count. Thread-safe.
 */
public final class Staff {
    public static final String HEADER = "X-WK-Staff";
    static final String LOGGED_IN = "staff.logged-in";
    static final String LOGIN_FAILED = "staff.login-failed";
    static final String LOGGED_OUT = "staff.logged-out";
    /** A right PIN for an approval that ends a run of wrong ones (a log-in says so by itself). */
    static final String PIN_ACCEPTED = "staff.pin-accepted";
    static final int MAX_FAILURES = 5;
    static final Duration LOCK = Duration.ofMinutes(15);
    static final Duration SESSION = Duration.ofHours(12);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A logged-in staff member. */
    public record Session(String token, StaffMember member, Instant openedAt) {
    }

    private record Failures(int count, Instant lockedUntil) {
    }

    private final Journal journal;
    private final Clock clock;
    private volatile StaffDirectory directory;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    public Staff(Journal journal, StaffDirectory directory, Clock clock) {
        this.journal = journal;
        this.directory = directory;
        this.clock = clock;
        failures.putAll(journal.read(Staff::readFailures));
    }

    public static void register(Projections.Builder projections) {
        projections.on(LOGGED_IN, (ctx, e, p) -> {
                    clearFailures(ctx, p.required("staffId").asText());
                    Audit.record(ctx, e, p.required("at").asText(), "staff:" + p.required("staffId").asText(),
                            "staff.login", "staff:" + p.required("staffId").asText(), "origin=" + p.required("origin").asText());
                })
                .on(PIN_ACCEPTED, (ctx, e, p) -> {
                    clearFailures(ctx, p.required("staffId").asText());
                    Audit.record(ctx, e, p.required("at").asText(), p.required("origin").asText(), "staff.pin-accepted",
                            "staff:" + p.required("staffId").asText(), "purpose=" + p.required("purpose").asText());
                })
                .on(LOGGED_OUT, (ctx, e, p) -> Audit.record(ctx, e, p.required("at").asText(),
                        "staff:" + p.required("staffId").asText(), "staff.logout", "staff:" + p.required("staffId").asText(), ""))
                .on(LOGIN_FAILED, (ctx, e, p) -> {
                    var upsert = ctx.statement("INSERT INTO staff_pin_failures (staff_id, failures, failed_at, locked, seq)"
                            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (staff_id) DO UPDATE SET failures = excluded.failures,"
                            + " failed_at = excluded.failed_at, locked = excluded.locked, seq = excluded.seq");
                    upsert.setString(1, p.required("staffId").asText());
                    upsert.setInt(2, p.required("failures").asInt());
                    upsert.setString(3, p.required("at").asText());
                    upsert.setInt(4, p.required("locked").asBoolean() ? 1 : 0);
                    upsert.setLong(5, e.seq());
                    upsert.executeUpdate();
                    Audit.record(ctx, e, p.required("at").asText(), p.required("origin").asText(), "staff.login-failed",
                            "staff:" + p.required("staffId").asText(), "purpose=" + p.required("purpose").asText()
                                    + " failures=" + p.required("failures").asInt()
                                    + (p.required("locked").asBoolean() ? " locked" : ""));
                })
                .table("staff_pin_failures", "staff_id", "seq");
    }

    private static void clearFailures(ProjectionContext ctx, String staffId) throws SQLException {
        var delete = ctx.statement("DELETE FROM staff_pin_failures WHERE staff_id = ?");
        delete.setString(1, staffId);
        delete.executeUpdate();
    }

    /** The runs of wrong PINs as journaled: a lock lasts {@link #LOCK} from the failure that set it. */
    private static Map<String, Failures> readFailures(Connection c) throws SQLException {
        Map<String, Failures> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT staff_id, failures, failed_at, locked FROM staff_pin_failures");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Instant lockedUntil = rs.getInt(4) == 1 ? Instant.parse(rs.getString(3)).plus(LOCK) : null;
                out.put(rs.getString(1), new Failures(rs.getInt(2), lockedUntil));
            }
        }
        return out;
    }

    public StaffDirectory directory() {
        return directory;
    }

    /** Replaces the user set with a newer version (from HQ); sessions of removed users end. */
    public void replace(StaffDirectory newer) {
        if (newer.version() <= directory.version()) {
            throw new IllegalArgumentException("staff version " + newer.version() + " is not newer than "
                    + directory.version());
        }
        directory = newer;
        sessions.values().removeIf(s -> !newer.users().containsKey(s.member().id()));
    }

    /**
     * Puts HQ's user set in force whatever version the local staff file had: once HQ manages the users,
     * its versions (checked in order by sync) are the only ones. Sessions of removed users end.
     */
    public void adopt(StaffDirectory fromHq) {
        directory = fromHq;
        sessions.values().removeIf(s -> !fromHq.users().containsKey(s.member().id()));
    }

    /**
     * Opens a session.
     *
     * @throws Refused 401 for an unknown user or wrong PIN, 423 while the user is locked
     */
    public Session login(String staffId, String pin, String origin) {
        StaffMember member = checkPin(staffId, pin, "login", origin);
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        Session session = new Session(Base64.getUrlEncoder().withoutPadding().encodeToString(raw), member, clock.instant());
        journal.submit(tx -> tx.append(LOGGED_IN, Map.of("staffId", member.id(), "at", clock.instant().toString(),
                "origin", origin))).join();
        sessions.put(session.token(), session);
        return session;
    }

    public void logout(String token) {
        Session s = sessions.remove(token);
        if (s != null) {
            journal.submit(tx -> tx.append(LOGGED_OUT, Map.of("staffId", s.member().id(),
                    "at", clock.instant().toString()))).join();
        }
    }

    /** The live session for a token; expired sessions are dropped. */
    public Optional<Session> session(String token) {
        if (token == null) {
            return Optional.empty();
        }
        Session s = sessions.get(token);
        if (s == null) {
            return Optional.empty();
        }
        if (s.openedAt().plus(SESSION).isBefore(clock.instant()) || directory.find(s.member().id()).isEmpty()) {
            sessions.remove(token);
            return Optional.empty();
        }
        return Optional.of(s);
    }

    /**
     * Checks a PIN (for a log-in or a manager's approval at the same screen), counting failures.
     *
     * @throws Refused 401 for an unknown user or wrong PIN, 423 while the user is locked
     */
    public StaffMember checkPin(String staffId, String pin, String purpose, String origin) {
        StaffMember member = directory.find(staffId).orElseThrow(() -> new Refused(Refused.Kind.UNAUTHENTICATED,
                "wrong-pin", "unknown staff id or wrong PIN"));
        Instant now = clock.instant();
        Failures f = failures.get(member.id());
        if (f != null && f.lockedUntil() != null && now.isBefore(f.lockedUntil())) {
            throw locked(member, f.lockedUntil());
        }
        if (PinHash.matches(pin, member.pinHash())) {
            if (failures.remove(member.id()) != null && !"login".equals(purpose)) {
                journal.submit(tx -> tx.append(PIN_ACCEPTED, Map.of("staffId", member.id(), "at", now.toString(),
                        "origin", origin, "purpose", purpose))).join();
            }
            return member;
        }
        Failures after = failures.compute(member.id(), (id, old) -> {
            int count = (old == null || old.lockedUntil() != null ? 0 : old.count()) + 1;
            return count >= MAX_FAILURES ? new Failures(count, now.plus(LOCK)) : new Failures(count, null);
        });
        journal.submit(tx -> tx.append(LOGIN_FAILED, Map.of("staffId", member.id(), "at", now.toString(),
                "origin", origin, "purpose", purpose, "failures", after.count(),
                "locked", after.lockedUntil() != null))).join();
        if (after.lockedUntil() != null) {
            throw locked(member, after.lockedUntil());
        }
        throw new Refused(Refused.Kind.UNAUTHENTICATED, "wrong-pin", "unknown staff id or wrong PIN ("
                + (MAX_FAILURES - after.count()) + " tries left before " + member.id() + " is locked for "
                + LOCK.toMinutes() + " minutes)");
    }

    private static Refused locked(StaffMember member, Instant until) {
        return new Refused(Refused.Kind.LOCKED, "staff-locked", member.id() + " is locked after " + MAX_FAILURES
                + " wrong PINs until " + until + "; a manager can help meanwhile");
    }
}
