package com.wkpos.edge.agent.boot;

import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.provisioning.InstalledConfig;
import com.wkpos.edge.agent.sync.SyncClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * {@code wk-edge agent reset --state-dir DIR [--export FILE] [--confirm NAME]}: returns a box to factory
 * state (empty state directory: no journal, identity, license, certificates, provisioning or screens).
 * Refused while the agent runs ({@link AgentLock}), and unless every journal entry is either acknowledged
 * by HQ ({@code sync.properties} acked seq equals the journal head) or exported: {@code --export FILE} writes
 * a consistent copy of the journal and checks that the copy's head (seq and hash) is the live head before
 * anything is deleted. The technician confirms by typing the box's name back ({@code --confirm}, or a
 * prompt when stdin is a terminal). Exit codes: 0 reset, 1 refused, 2 usage.
 */
final class FactoryReset {
    /** What the journal holds: its head and the box's identity. */
    record JournalHead(long seq, String hash, String deviceId) {
    }

    private final Path stateDir;
    private final PrintStream out;
    private final PrintStream err;

    private FactoryReset(Path stateDir, PrintStream out, PrintStream err) {
        this.stateDir = stateDir;
        this.out = out;
        this.err = err;
    }

    /** @param prompt asks the person at the terminal and returns the answer; null when stdin is no terminal */
    static int run(List<String> args, PrintStream out, PrintStream err, UnaryOperator<String> prompt) {
        java.util.Map<String, String> o = new java.util.HashMap<>();
        for (int i = 0; i < args.size(); i += 2) {
            if (!List.of("--state-dir", "--export", "--confirm").contains(args.get(i)) || i + 1 >= args.size()) {
                err.println("usage: wk-edge agent reset --state-dir DIR [--export FILE] [--confirm DEVICE-NAME]");
                return 2;
            }
            o.put(args.get(i), args.get(i + 1));
        }
        if (!o.containsKey("--state-dir")) {
            err.println("usage: wk-edge agent reset --state-dir DIR [--export FILE] [--confirm DEVICE-NAME]");
            return 2;
        }
        Path dir = Path.of(o.get("--state-dir"));
        if (!Files.isRegularFile(dir.resolve(Journal.FILE_NAME))) {
            err.println("wk-edge: no agent state in " + dir + " (nothing to reset)");
            return 2;
        }
        Optional<AgentLock> lock = AgentLock.tryAcquire(dir);
        if (lock.isEmpty()) {
            err.println("wk-edge: refused: the agent is running on " + dir + "; stop it first (systemctl stop wk-edge)");
            return 1;
        }
        try (AgentLock held = lock.get()) {
            return new FactoryReset(dir, out, err).reset(Optional.ofNullable(o.get("--export")).map(Path::of),
                    Optional.ofNullable(o.get("--confirm")), prompt);
        } catch (IOException e) {
            err.println("wk-edge: reset of " + dir + " failed: " + e.getMessage());
            return 1;
        }
    }

    private int reset(Optional<Path> export, Optional<String> confirm, UnaryOperator<String> prompt) throws IOException {
        JournalHead head = head(stateDir.resolve(Journal.FILE_NAME));
        long acked = SyncClient.ackedSeq(stateDir);
        if (acked < head.seq() && export.isEmpty()) {
            err.println("wk-edge: refused: " + (head.seq() - acked) + " journal entries (seq " + (acked + 1) + " to "
                    + head.seq() + ") are not acknowledged by HQ. Let the box sync, or keep them with --export FILE.");
            return 1;
        }
        String name = new InstalledConfig(stateDir).current().map(InstalledConfig.Installed::deviceName)
                .orElse(head.deviceId());
        String typed = confirm.orElseGet(() -> prompt == null ? null
                : prompt.apply("This erases box " + name + " for good. Type its name to confirm: "));
        if (typed == null) {
            err.println("wk-edge: refused: confirm with --confirm " + name + " (or run it at a terminal)");
            return 1;
        }
        if (!typed.strip().equals(name)) {
            err.println("wk-edge: refused: '" + typed.strip() + "' is not this box's name " + name);
            return 1;
        }
        if (export.isPresent()) {
            exportTo(export.get(), head);
            out.println("journal exported to " + export.get() + " (head seq " + head.seq() + ", hash " + head.hash() + ")");
        }
        wipe();
        out.println("box " + name + " reset to factory state (journal head seq " + head.seq() + ", acked by HQ up to "
                + acked + "); plug in a provisioning USB key to set it up again");
        return 0;
    }

    static JournalHead head(Path journalFile) throws IOException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + journalFile + "?mode=ro");
             PreparedStatement ps = c.prepareStatement("SELECT (SELECT seq FROM journal ORDER BY seq DESC LIMIT 1), "
                     + "(SELECT hash FROM journal ORDER BY seq DESC LIMIT 1), (SELECT id FROM device LIMIT 1)");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new JournalHead(rs.getLong(1), rs.getString(2), rs.getString(3));
        } catch (SQLException e) {
            throw new IOException("cannot read the journal " + journalFile + ": " + e.getMessage(), e);
        }
    }

    /** A consistent copy ({@code VACUUM INTO}), fsynced, whose head must be the live one. */
    private void exportTo(Path file, JournalHead head) throws IOException {
        if (Files.exists(file)) {
            throw new IOException("the export file " + file + " exists already; name a new one");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + stateDir.resolve(Journal.FILE_NAME));
             PreparedStatement ps = c.prepareStatement("VACUUM INTO ?")) {
            ps.setString(1, file.toAbsolutePath().toString());
            ps.execute();
        } catch (SQLException e) {
            throw new IOException("cannot export the journal to " + file + ": " + e.getMessage(), e);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        JournalHead copied = head(file);
        if (copied.seq() != head.seq() || !head.hash().equals(copied.hash())) {
            throw new IOException("the export " + file + " ends at seq " + copied.seq() + ", not at the journal's head "
                    + head.seq() + "; nothing was deleted");
        }
    }

    /**
     * Deletes the provisioning pointer first (the box stops being that device even if the rest is cut
     * short), then everything but the journal and sync state, then those: a reset cut short before the
     * journal goes can be run again and passes the same checks. The lock file and the USB-key spool folder stay.
     */
    private void wipe() throws IOException {
        Files.deleteIfExists(stateDir.resolve("provisioning").resolve("current"));
        List<String> last = List.of(Journal.FILE_NAME, Journal.FILE_NAME + "-wal", Journal.FILE_NAME + "-shm",
                "sync.properties");
        try (Stream<Path> s = Files.list(stateDir)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (!last.contains(n) && !n.equals(AgentLock.FILE)) {
                    deleteTree(p, n.equals("usb-key"));
                }
            }
        }
        for (String n : last) {
            Files.deleteIfExists(stateDir.resolve(n));
        }
    }

    private static void deleteTree(Path root, boolean keepRoot) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                if (!keepRoot || !p.equals(root)) {
                    Files.delete(p);
                }
            }
        }
    }
}
