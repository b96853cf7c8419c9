package com.wkpos.edge.agent.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    @TempDir
    Path dir;
    private Journal journal;

    static Projections projections() {
        return Projections.builder()
                .on("test.note", (ctx, e, p) -> Audit.record(ctx, e, "2026-01-01T00:00:00Z", "test", "note",
                        p.required("subject").asText(), p.path("detail").asText("")))
                .build();
    }

    private Journal open() {
        journal = Journal.open(dir, Clock.systemUTC(), projections());
        return journal;
    }

    @AfterEach
    void close() {
        if (journal != null) {
            journal.close();
        }
    }

    private static long count(Journal j, String table) {
        return j.read(c -> {
            try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Test
    void firstStartMakesADeviceIdThatSurvivesRestarts() {
        Journal j = open();
        String id = j.deviceId();
        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(j.head().seq()).isEqualTo(1);
        j.close();
        Journal again = open();
        assertThat(again.deviceId()).isEqualTo(id);
        assertThat(again.head().seq()).isEqualTo(1);
    }

    @Test
    void pragmasAreInForceOnEveryConnection() throws SQLException {
        open();
        try (Connection c = Database.open(dir.resolve(Journal.FILE_NAME), true)) {
            assertThat(Database.pragma(c, "journal_mode")).isEqualTo("wal");
            assertThat(Database.pragma(c, "synchronous")).isEqualTo("2");
            assertThat(Database.pragma(c, "foreign_keys")).isEqualTo("1");
            assertThat(Database.pragma(c, "busy_timeout")).isEqualTo(String.valueOf(Database.BUSY_TIMEOUT_MS));
        }
        assertThat(System.getProperty("org.sqlite.tmpdir")).isNotBlank();
    }

    @Test
    void commandThatFailsWritesNothingAndDoesNotTakeItsBatchWithIt() {
        Journal j = open();
        List<CompletableFuture<JournalEntry>> futures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            boolean fail = i % 3 == 0;
            int n = i;
            futures.add(j.submit(tx -> {
                JournalEntry e = tx.append("test.note", Map.of("subject", "n" + n));
                if (fail) {
                    throw new IllegalStateException("boom " + n);
                }
                return e;
            }));
        }
        long failed = futures.stream().filter(f -> {
            try {
                f.join();
                return false;
            } catch (CompletionException e) {
                assertThat(e.getCause()).hasMessageStartingWith("boom");
                return true;
            }
        }).count();
        assertThat(failed).isEqualTo(67);
        assertThat(j.head().seq()).isEqualTo(1 + 200 - 67);
        assertThat(count(j, "journal")).isEqualTo(j.head().seq());
        assertThat(count(j, "audit")).isEqualTo(200 - 67);
        List<Long> seqs = futures.stream().filter(f -> !f.isCompletedExceptionally()).map(f -> f.join().seq()).sorted().toList();
        for (int i = 0; i < seqs.size(); i++) {
            assertThat(seqs.get(i)).isEqualTo(i + 2L);
        }
    }

    @Test
    void concurrentCommandsShareCommits() {
        Journal j = open();
        long before = j.commits();
        List<CompletableFuture<JournalEntry>> futures = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            int n = i;
            futures.add(j.submit(tx -> tx.append("test.note", Map.of("subject", "n" + n))));
        }
        futures.forEach(CompletableFuture::join);
        assertThat(j.head().seq()).isEqualTo(501);
        assertThat(j.commits() - before).isLessThan(500);
    }

    @Test
    void callerHearsDoneOnlyWhenAnotherConnectionCanSeeTheEntry() throws SQLException {
        Journal j = open();
        JournalEntry e = j.submit(tx -> tx.append("test.note", Map.of("subject", "visible"))).join();
        try (Connection c = Database.open(dir.resolve(Journal.FILE_NAME), true);
             var rs = c.createStatement().executeQuery("SELECT hash FROM journal WHERE seq = " + e.seq())) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(e.hash());
        }
    }

    @Test
    void unknownEntryTypeIsRefusedAndNothingWritten() {
        Journal j = open();
        long seq = j.head().seq();
        assertThatThrownBy(() -> j.submit(tx -> tx.append("no.such", Map.of())).join())
                .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("no projector");
        assertThat(j.head().seq()).isEqualTo(seq);
    }

    @Test
    void newerSchemaIsRefusedAndLeftUntouched() throws Exception {
        open().close();
        journal = null;
        try (Connection c = Database.open(dir.resolve(Journal.FILE_NAME), false)) {
            Database.exec(c, "INSERT INTO schema_version VALUES (99, 'V099__future.sql', 'x', 'now')");
        }
        byte[] beforeBytes = Files.readAllBytes(dir.resolve(Journal.FILE_NAME));
        assertThatThrownBy(() -> Journal.open(dir, Clock.systemUTC(), projections()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("newer than this build");
        assertThat(Files.readAllBytes(dir.resolve(Journal.FILE_NAME))).isEqualTo(beforeBytes);
    }

    @Test
    void closedJournalRefusesCommands() {
        Journal j = open();
        j.close();
        assertThatThrownBy(() -> j.submit(tx -> null).join()).hasCauseInstanceOf(JournalUnavailableException.class);
    }

    @Test
    void migrationScriptsSplitIntoStatementsKeepingTriggersWhole() {
        List<String> parts = Migrations.statements("""
                -- comment
                CREATE TABLE a (x INTEGER);
                CREATE TRIGGER t BEFORE DELETE ON a
                BEGIN SELECT RAISE(ABORT, 'no'); END;
                """);
        assertThat(parts).hasSize(2);
        assertThat(parts.get(1)).startsWith("CREATE TRIGGER").endsWith("END;");
    }
}
