package com.wkpos.edge.agent.print;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.journal.Audit;
import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.journal.JournalEntry;
import com.wkpos.edge.agent.journal.JournalTransaction;
import com.wkpos.edge.agent.journal.ProjectionContext;
import com.wkpos.edge.agent.journal.Projections;
import com.wkpos.edge.agent.journal.UuidV7;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The receipt print queue, kept in the journal so each receipt prints exactly once across printer
 * faults and restarts: a job is queued in the sale's own transaction, marked PRINTING before its bytes
 * go out and PRINTED after the printer confirmed them. A failed attempt (paper out, unplugged) puts it
 * back to QUEUED and the whole receipt prints again once the printer is ready. A job found PRINTING
 * after a crash prints again marked COPY, so no receipt is ever handed out twice as an original.
 */
public final class PrintQueue {
    static final String QUEUED = "print.queued";
    static final String STARTED = "print.started";
    static final String PRINTED = "print.printed";
    static final String FAILED = "print.failed";

    private final Journal journal;

    public PrintQueue(Journal journal) {
        this.journal = journal;
    }

    public static void register(Projections.Builder projections) {
        projections.on(QUEUED, PrintQueue::projectQueued)
                .on(STARTED, (ctx, e, p) -> update(ctx, e, p, "PRINTING", 1, null))
                .on(PRINTED, (ctx, e, p) -> update(ctx, e, p, "PRINTED", 0, null))
                .on(FAILED, (ctx, e, p) -> update(ctx, e, p, "QUEUED", 0, p.required("error").asText()))
                .table("print_jobs", "id", "seq");
    }

    /** Queues a receipt inside the caller's transaction (the sale's, for an original). */
    public static String enqueue(JournalTransaction tx, String saleId, PrintJob.Kind kind, String actor) {
        return enqueue(tx, PrintJob.Document.SALE, saleId, null, kind, actor);
    }

    /**
     * Queues a document inside the caller's transaction: the Z's, the refund's or the void's own, so the
     * document prints exactly when its business entry committed. An X passes the report it printed as
     * {@code content} and its document id is the job's own.
     */
    public static String enqueue(JournalTransaction tx, PrintJob.Document document, String documentId, String content,
                                 PrintJob.Kind kind, String actor) {
        if ((document == PrintJob.Document.X) != (content != null)) {
            throw new IllegalArgumentException("an X report job carries its content, other documents none: " + document);
        }
        String id = UuidV7.nextString(tx.clock());
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("jobId", id);
        if (document == PrintJob.Document.SALE) {
            p.put("saleId", documentId);
        } else {
            p.put("document", document.name());
            p.put("documentId", document == PrintJob.Document.X ? id : documentId);
            if (content != null) {
                p.put("content", content);
            }
        }
        p.put("kind", kind.name());
        p.put("actor", actor);
        p.put("queuedAt", tx.clock().instant().toString());
        tx.append(QUEUED, p);
        return id;
    }

    /** Queues a copy of a Z report or a refund or void slip; it prints marked COPY. */
    public String reprint(PrintJob.Document document, String documentId, String actor) {
        if (document == PrintJob.Document.X) {
            throw new IllegalArgumentException("an X report is printed anew, not reprinted");
        }
        return journal.submit(tx -> enqueue(tx, document, documentId, null, PrintJob.Kind.COPY, actor)).join();
    }

    /** Queues a copy of a sale's receipt (a reprint); it prints marked COPY. */
    public String reprint(String saleId, String actor) {
        return journal.submit(tx -> enqueue(tx, saleId, PrintJob.Kind.COPY, actor)).join();
    }

    /** The oldest job not yet printed, if any. */
    public Optional<PrintJob> next() {
        return journal.read(c -> {
            List<PrintJob> jobs = query(c, "WHERE status <> 'PRINTED' ORDER BY queued_seq LIMIT 1", null);
            return jobs.stream().findFirst();
        });
    }

    public List<PrintJob> forSale(String saleId) {
        return journal.read(c -> query(c, "WHERE sale_id = ? ORDER BY queued_seq", saleId));
    }

    /** The jobs that printed (or will print) a document, oldest first. */
    public List<PrintJob> forDocument(PrintJob.Document document, String documentId) {
        return journal.read(c -> query(c, "WHERE document_kind = '" + document.name() + "' AND document_id = ?"
                + " ORDER BY queued_seq", documentId));
    }

    /** One job by id. */
    public Optional<PrintJob> find(String jobId) {
        return journal.read(c -> query(c, "WHERE id = ?", jobId).stream().findFirst());
    }

    public int pending() {
        return journal.read(c -> {
            try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM print_jobs WHERE status <> 'PRINTED'")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    void started(String jobId) {
        mark(STARTED, jobId, Map.of("jobId", jobId));
    }

    void printed(String jobId) {
        mark(PRINTED, jobId, Map.of("jobId", jobId));
    }

    void failed(String jobId, String error) {
        mark(FAILED, jobId, Map.of("jobId", jobId, "error", error));
    }

    private void mark(String type, String jobId, Map<String, Object> payload) {
        journal.submit(tx -> tx.append(type, payload)).join();
    }

    private static List<PrintJob> query(Connection c, String where, String arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, document_kind, document_id, content, kind, status, attempts, last_error FROM print_jobs "
                        + where)) {
            if (arg != null) {
                ps.setString(1, arg);
            }
            List<PrintJob> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new PrintJob(rs.getString(1), PrintJob.Document.valueOf(rs.getString(2)), rs.getString(3),
                            rs.getString(4), PrintJob.Kind.valueOf(rs.getString(5)), PrintJob.Status.valueOf(rs.getString(6)),
                            rs.getInt(7), rs.getString(8)));
                }
            }
            return out;
        }
    }

    /** A job queued before reports printed names only its sale: it is a SALE job. */
    private static void projectQueued(ProjectionContext ctx, JournalEntry e, JsonNode p) throws SQLException {
        String document = p.path("document").asText("SALE");
        String documentId = document.equals("SALE") ? p.required("saleId").asText() : p.required("documentId").asText();
        PreparedStatement insert = ctx.statement("INSERT INTO print_jobs (id, seq, queued_seq, document_kind,"
                + " document_id, sale_id, content, kind, status, attempts, queued_at, last_error)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'QUEUED', 0, ?, NULL)");
        insert.setString(1, p.required("jobId").asText());
        insert.setLong(2, e.seq());
        insert.setLong(3, e.seq());
        insert.setString(4, document);
        insert.setString(5, documentId);
        insert.setString(6, document.equals("SALE") ? documentId : null);
        insert.setString(7, p.hasNonNull("content") ? p.get("content").asText() : null);
        insert.setString(8, p.required("kind").asText());
        insert.setString(9, p.required("queuedAt").asText());
        insert.executeUpdate();
        if ("COPY".equals(p.required("kind").asText())) {
            String target = document.equals("SALE") ? "sale:" + documentId : document.toLowerCase(java.util.Locale.ROOT)
                    + ":" + documentId;
            Audit.record(ctx, e, p.required("queuedAt").asText(), p.required("actor").asText(),
                    document.equals("SALE") ? "receipt.reprint" : "document.reprint", target,
                    "job=" + p.required("jobId").asText());
        }
    }

    private static void update(ProjectionContext ctx, JournalEntry e, JsonNode p, String status, int attempt,
                               String error) throws SQLException {
        PreparedStatement update = ctx.statement(
                "UPDATE print_jobs SET status = ?, attempts = attempts + ?, last_error = ?, seq = ? WHERE id = ?");
        update.setString(1, status);
        update.setInt(2, attempt);
        update.setString(3, error);
        update.setLong(4, e.seq());
        update.setString(5, p.required("jobId").asText());
        if (update.executeUpdate() != 1) {
            throw new IllegalStateException("print job " + p.required("jobId").asText() + " is not queued");
        }
    }
}
