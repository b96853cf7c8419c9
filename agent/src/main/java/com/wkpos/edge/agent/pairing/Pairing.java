package com.wkpos.edge.agent.pairing;

import com.wkpos.edge.agent.journal.Audit;
import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.journal.Projections;
import com.wkpos.edge.agent.journal.UuidV7;
import com.wkpos.edge.agent.rule.Refused;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pairing POS screens with the box: a person reads a short code (from the CLI, the printer or the
 * loopback status page) into a screen, the screen trades it once for a bearer token, and every later
 * call carries the token. Only a SHA-256 of each token is kept (journal and {@code screens} table);
 * managers list and revoke screens. Codes, misses, locks, pairings and revocations are journaled and
 * audited. Thread-safe.
 */
public final class Pairing {
    static final String CODE_ISSUED = "pairing.code-issued";
    static final String FAILED = "pairing.failed";
    static final String PAIRED = "screen.paired";
    static final String REVOKED = "screen.revoked";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String TOKEN_PREFIX = "wks_";

    /** A screen's first and only sight of its token. */
    public record Paired(Screen screen, String token) {
    }

    private final Journal journal;
    private final Path stateDir;
    private final Clock clock;
    private final PairingCodes codes = new PairingCodes();
    private final Map<String, Screen> byTokenHash = new ConcurrentHashMap<>();

    public Pairing(Journal journal, Path stateDir, Clock clock) {
        this.journal = journal;
        this.stateDir = stateDir;
        this.clock = clock;
        byTokenHash.putAll(journal.read(Pairing::load));
        collect();
    }

    public static void register(Projections.Builder projections) {
        projections.on(CODE_ISSUED, (ctx, e, p) -> Audit.record(ctx, e, p.required("at").asText(),
                        p.required("issuer").asText(), CODE_ISSUED, "code:" + p.required("codeId").asText(),
                        "expires=" + p.required("expiresAt").asText()))
                .on(FAILED, (ctx, e, p) -> Audit.record(ctx, e, p.required("at").asText(), p.required("origin").asText(),
                        FAILED, "pairing", p.required("reason").asText() + "; misses=" + p.required("misses").asInt()
                                + (p.has("lockedUntil") ? "; locked until " + p.get("lockedUntil").asText() : "")))
                .on(PAIRED, (ctx, e, p) -> {
                    PreparedStatement insert = ctx.statement("INSERT INTO screens (id, seq, name, token_sha256, paired_at,"
                            + " paired_from) VALUES (?, ?, ?, ?, ?, ?)");
                    insert.setString(1, p.required("screenId").asText());
                    insert.setLong(2, e.seq());
                    insert.setString(3, p.required("name").asText());
                    insert.setString(4, p.required("tokenSha256").asText());
                    insert.setString(5, p.required("at").asText());
                    insert.setString(6, p.required("origin").asText());
                    insert.executeUpdate();
                    Audit.record(ctx, e, p.required("at").asText(), p.required("origin").asText(), PAIRED,
                            "screen:" + p.required("screenId").asText(), "name=" + p.required("name").asText()
                                    + "; code=" + p.required("codeId").asText());
                })
                .on(REVOKED, (ctx, e, p) -> {
                    PreparedStatement update = ctx.statement("UPDATE screens SET revoked_at = ?, revoked_by = ?, seq = ?"
                            + " WHERE id = ? AND revoked_at IS NULL");
                    update.setString(1, p.required("at").asText());
                    update.setString(2, p.required("by").asText());
                    update.setLong(3, e.seq());
                    update.setString(4, p.required("screenId").asText());
                    if (update.executeUpdate() != 1) {
                        throw new IllegalStateException("no paired screen " + p.required("screenId").asText() + " to revoke");
                    }
                    Audit.record(ctx, e, p.required("at").asText(), p.required("by").asText(), REVOKED,
                            "screen:" + p.required("screenId").asText(), "");
                })
                .table("screens", "id", "seq");
    }

    /** Issues a code in this process (printer slip, loopback status page, demo); journaled before it is shown. */
    public CodeDrop.Issued issueCode(String issuer) {
        CodeDrop.Issued issued = CodeDrop.generate(clock, issuer);
        accept(new CodeDrop.Dropped(issued.codeId(), issued.sha256(), issued.expiresAt(), issuer));
        return issued;
    }

    /** Takes codes issued from a shell ({@code wk-edge agent pairing-code}); cheap when there are none. */
    public void collect() {
        for (CodeDrop.Dropped d : CodeDrop.take(stateDir)) {
            if (d.expiresAt().isAfter(clock.instant())) {
                accept(d);
            }
        }
    }

    private void accept(CodeDrop.Dropped d) {
        Map<String, Object> entry = Map.of("codeId", d.codeId(), "issuer", d.issuer(), "at", clock.instant().toString(),
                "expiresAt", d.expiresAt().toString());
        journal.submit(tx -> tx.append(CODE_ISSUED, entry)).join();
        codes.add(d.sha256(), d.codeId(), d.expiresAt());
    }

    /**
     * Trades a code for a token.
     *
     * @throws Refused 400 for a bad name, 401 for a wrong, expired or used code, 423 while pairing is locked
     */
    public Paired pair(String code, String name, String origin) {
        String screenName = validName(name);
        collect();
        Instant now = clock.instant();
        return switch (codes.redeem(code, now)) {
            case PairingCodes.Accepted a -> paired(a.codeId(), screenName, origin, now);
            case PairingCodes.Locked l -> throw locked(l.until());
            case PairingCodes.Missed m -> {
                Map<String, Object> entry = new LinkedHashMap<>(Map.of("at", now.toString(), "origin", origin,
                        "reason", m.reason(), "misses", m.misses()));
                if (m.lockedUntil() != null) {
                    entry.put("lockedUntil", m.lockedUntil().toString());
                }
                journal.submit(tx -> tx.append(FAILED, entry)).join();
                if (m.lockedUntil() != null) {
                    throw locked(m.lockedUntil());
                }
                throw new Refused(Refused.Kind.UNAUTHENTICATED, "pairing-code-rejected", m.reason() + " ("
                        + (PairingCodes.MAX_MISSES - m.misses()) + " tries left before pairing is locked for "
                        + PairingCodes.LOCK.toMinutes() + " minutes)");
            }
        };
    }

    private Paired paired(String codeId, String name, String origin, Instant now) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        String hash = PairingCodes.sha256(token);
        Screen screen = new Screen(UuidV7.nextString(clock), name, now.toString(), origin, null, null);
        journal.submit(tx -> {
            tx.append(PAIRED, Map.of("screenId", screen.id(), "name", name, "tokenSha256", hash, "codeId", codeId,
                    "at", screen.pairedAt(), "origin", origin));
            tx.afterCommit(() -> byTokenHash.put(hash, screen));
            return null;
        }).join();
        return new Paired(screen, token);
    }

    /** The screen a bearer token belongs to, revoked or not; empty for an unknown token. */
    public Optional<Screen> authenticate(String token) {
        return token == null || !token.startsWith(TOKEN_PREFIX) ? Optional.empty()
                : Optional.ofNullable(byTokenHash.get(PairingCodes.sha256(token)));
    }

    public List<Screen> screens() {
        return journal.read(c -> new ArrayList<>(load(c).values())).stream()
                .sorted(java.util.Comparator.comparing(Screen::pairedAt).thenComparing(Screen::id)).toList();
    }

    /**
     * Revokes a screen's token at once (its next call is a 401). Synchronized: two managers revoking the same
     * screen get one 200 and one 409, never a failed projection.
     *
     * @throws Refused 404 for an unknown screen, 409 when it is already revoked
     */
    public synchronized Screen revoke(String screenId, String by) {
        Map.Entry<String, Screen> hit = byTokenHash.entrySet().stream().filter(e -> e.getValue().id().equals(screenId))
                .findFirst().orElseThrow(() -> new Refused(Refused.Kind.NOT_FOUND, "not-found", "no screen " + screenId));
        if (hit.getValue().revoked()) {
            throw new Refused(Refused.Kind.CONFLICT, "screen-already-revoked", "screen " + screenId + " was revoked at "
                    + hit.getValue().revokedAt() + " by " + hit.getValue().revokedBy());
        }
        String at = clock.instant().toString();
        Screen s = hit.getValue();
        Screen revoked = new Screen(s.id(), s.name(), s.pairedAt(), s.pairedFrom(), at, by);
        journal.submit(tx -> {
            tx.append(REVOKED, Map.of("screenId", screenId, "at", at, "by", by));
            tx.afterCommit(() -> byTokenHash.put(hit.getKey(), revoked));
            return null;
        }).join();
        return revoked;
    }

    public boolean locked() {
        return codes.locked(clock.instant());
    }

    public int liveCodes() {
        return codes.live(clock.instant());
    }

    public long refusedWhileLocked() {
        return codes.refusedWhileLocked();
    }

    private static Refused locked(Instant until) {
        return new Refused(Refused.Kind.LOCKED, "pairing-locked", "pairing is locked after " + PairingCodes.MAX_MISSES
                + " wrong codes until " + until + "; get a fresh code and try again then");
    }

    private static String validName(String name) {
        if (name == null || name.isBlank() || name.length() > 64 || name.codePoints().anyMatch(Character::isISOControl)) {
            throw Refused.invalid("name: give the screen a name of 1-64 printable characters (e.g. \"Till 1\")");
        }
        return name.strip();
    }

    private static Map<String, Screen> load(java.sql.Connection c) throws java.sql.SQLException {
        Map<String, Screen> out = new LinkedHashMap<>();
        try (ResultSet rs = c.createStatement().executeQuery("SELECT token_sha256, id, name, paired_at, paired_from,"
                + " revoked_at, revoked_by FROM screens ORDER BY paired_at, id")) {
            while (rs.next()) {
                out.put(rs.getString(1), new Screen(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7)));
            }
        }
        return out;
    }
}
