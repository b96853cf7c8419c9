package com.wkpos.edge.agent.backoffice;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.customer.Customers;
import com.wkpos.edge.agent.journal.Audit;
import com.wkpos.edge.agent.journal.JournalEntry;
import com.wkpos.edge.agent.journal.ProjectionContext;
import com.wkpos.edge.agent.ledger.Ledger;
import com.wkpos.edge.agent.shift.DrawerMoves;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * How the back office's entries change its tables, the same for the writer and for a replay: each writes
 * its append-only row, moves a job's {@code adjusted} or {@code paid} sum, the customer's store credit or the
 * drawer where it says so, and books its ledger transaction with an audit row.
 */
final class BackOfficeProjection {
    private BackOfficeProjection() {
    }

    static void projectJob(ProjectionContext ctx, JournalEntry e, JsonNode p) throws SQLException {
        PreparedStatement ps = ctx.statement("INSERT INTO service_jobs (id, seq, created_seq, customer_id, service_type,"
                + " service_date, amount, adjusted, paid, notes, created_at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?)");
        String id = p.required("jobId").asText();
        ps.setString(1, id);
        ps.setLong(2, e.seq());
        ps.setLong(3, e.seq());
        ps.setString(4, p.required("customerId").asText());
        ps.setString(5, p.required("serviceType").asText());
        ps.setString(6, p.required("serviceDate").asText());
        ps.setLong(7, p.required("amount").asLong());
        ps.setString(8, p.path("notes").asText(null));
        ps.setString(9, p.required("at").asText());
        ps.setString(10, p.required("actor").asText());
        ps.executeUpdate();
        ledgerAndAudit(ctx, e, p, "job.create", "job:" + id, "customer=" + p.required("customerId").asText()
                + " amount=" + p.required("amount").asLong());
    }

    static void projectAdjustment(ProjectionContext ctx, JournalEntry e, JsonNode p) throws SQLException {
        PreparedStatement ps = ctx.statement("INSERT INTO job_adjustments (id, seq, job_id, delta, reason, local_date,"
                + " occurred_at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        String job = p.required("jobId").asText();
        ps.setString(1, p.required("adjustmentId").asText());
        ps.setLong(2, e.seq());
        ps.setString(3, job);
        ps.setLong(4, p.required("delta").asLong());
        ps.setString(5, p.required("reason").asText());
        ps.setString(6, p.required("localDate").asText());
        ps.setString(7, p.required("at").asText());
        ps.setString(8, p.required("actor").asText());
        ps.executeUpdate();
        changeJob(ctx, e, job, "adjusted", p.required("delta").asLong());
        ledgerAndAudit(ctx, e, p, "job.adjust", "job:" + job, "delta=" + p.required("delta").asLong() + " reason="
                + p.required("reason").asText());
    }

    static void projectPayment(ProjectionContext ctx, JournalEntry e, JsonNode p) throws SQLException {
        PreparedStatement ps = ctx.statement("INSERT INTO job_payments (id, seq, job_id, customer_id, method, amount,"
                + " applied, store_credit, paid_on, shift_id, occurred_at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        String id = p.required("paymentId").asText();
        String job = p.required("jobId").asText();
        String customer = p.required("customerId").asText();
        String shift = p.path("shiftId").asText(null);
        long amount = p.required("amount").asLong();
        long credit = p.required("storeCredit").asLong();
        ps.setString(1, id);
        ps.setLong(2, e.seq());
        ps.setString(3, job);
        ps.setString(4, customer);
        ps.setString(5, p.required("method").asText());
        ps.setLong(6, amount);
        ps.setLong(7, p.required("applied").asLong());
        ps.setLong(8, credit);
        ps.setString(9, p.required("paidOn").asText());
        ps.setString(10, shift);
        ps.setString(11, p.required("at").asText());
        ps.setString(12, p.required("actor").asText());
        ps.executeUpdate();
        changeJob(ctx, e, job, "paid", p.required("applied").asLong());
        if (credit > 0) {
            Customers.change(ctx, e, customer, 0, 0, 0, credit);
        }
        if (shift != null) {
            DrawerMoves.record(ctx, e, shift, "JOB_PAYMENT", amount, "job:" + job, null, p.required("at").asText());
        }
        ledgerAndAudit(ctx, e, p, "job.pay", "job:" + job, p.required("method").asText() + " amount=" + amount
                + " storeCredit=" + credit);
    }

    static void projectExpense(ProjectionContext ctx, JournalEntry e, JsonNode p) throws SQLException {
        PreparedStatement ps = ctx.statement("INSERT INTO expenses (id, seq, category, amount, method, expense_date,"
                + " description, shift_id, occurred_at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        String id = p.required("expenseId").asText();
        String shift = p.path("shiftId").asText(null);
        ps.setString(1, id);
        ps.setLong(2, e.seq());
        ps.setString(3, p.required("category").asText());
        ps.setLong(4, p.required("amount").asLong());
        ps.setString(5, p.required("method").asText());
        ps.setString(6, p.required("expenseDate").asText());
        ps.setString(7, p.required("description").asText());
        ps.setString(8, shift);
        ps.setString(9, p.required("at").asText());
        ps.setString(10, p.required("actor").asText());
        ps.executeUpdate();
        if (shift != null) {
            DrawerMoves.record(ctx, e, shift, "EXPENSE", -p.required("amount").asLong(), "expense:" + id,
                    p.required("description").asText(), p.required("at").asText());
        }
        ledgerAndAudit(ctx, e, p, "expense.record", "expense:" + id, p.required("category").asText() + " "
                + p.required("method").asText() + " amount=" + p.required("amount").asLong());
    }

    static void projectReversal(ProjectionContext ctx, JournalEntry e, JsonNode p) throws SQLException {
        PreparedStatement ps = ctx.statement("INSERT INTO expense_reversals (id, seq, expense_id, reason, shift_id,"
                + " local_date, occurred_at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        String expense = p.required("expenseId").asText();
        String shift = p.path("shiftId").asText(null);
        ps.setString(1, p.required("reversalId").asText());
        ps.setLong(2, e.seq());
        ps.setString(3, expense);
        ps.setString(4, p.required("reason").asText());
        ps.setString(5, shift);
        ps.setString(6, p.required("localDate").asText());
        ps.setString(7, p.required("at").asText());
        ps.setString(8, p.required("actor").asText());
        ps.executeUpdate();
        if (shift != null) {
            DrawerMoves.record(ctx, e, shift, "EXPENSE_REVERSAL", p.required("amount").asLong(), "expense:" + expense,
                    p.required("reason").asText(), p.required("at").asText());
        }
        ledgerAndAudit(ctx, e, p, "expense.reverse", "expense:" + expense, "reason=" + p.required("reason").asText());
    }

    static void projectPaymentReversal(ProjectionContext ctx, JournalEntry e, JsonNode p) throws SQLException {
        PreparedStatement ps = ctx.statement("INSERT INTO job_payment_reversals (id, seq, payment_id, job_id, customer_id,"
                + " method, amount, applied, store_credit, reason, shift_id, local_date, occurred_at, actor)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        String job = p.required("jobId").asText();
        String customer = p.required("customerId").asText();
        String shift = p.path("shiftId").asText(null);
        long amount = p.required("amount").asLong();
        long credit = p.required("storeCredit").asLong();
        ps.setString(1, p.required("reversalId").asText());
        ps.setLong(2, e.seq());
        ps.setString(3, p.required("paymentId").asText());
        ps.setString(4, job);
        ps.setString(5, customer);
        ps.setString(6, p.required("method").asText());
        ps.setLong(7, amount);
        ps.setLong(8, p.required("applied").asLong());
        ps.setLong(9, credit);
        ps.setString(10, p.required("reason").asText());
        ps.setString(11, shift);
        ps.setString(12, p.required("localDate").asText());
        ps.setString(13, p.required("at").asText());
        ps.setString(14, p.required("actor").asText());
        ps.executeUpdate();
        changeJob(ctx, e, job, "paid", -p.required("applied").asLong());
        if (credit > 0) {
            Customers.change(ctx, e, customer, 0, 0, 0, -credit);
        }
        if (shift != null) {
            DrawerMoves.record(ctx, e, shift, "JOB_PAYMENT_REVERSAL", -amount, "job:" + job,
                    p.required("reason").asText(), p.required("at").asText());
        }
        ledgerAndAudit(ctx, e, p, "job.payment-reverse", "job:" + job, "payment=" + p.required("paymentId").asText()
                + " reason=" + p.required("reason").asText());
    }

    private static void changeJob(ProjectionContext ctx, JournalEntry e, String job, String column, long by)
            throws SQLException {
        PreparedStatement ps = ctx.statement("UPDATE service_jobs SET " + column + " = " + column + " + ?, seq = ?"
                + " WHERE id = ?");
        ps.setLong(1, by);
        ps.setLong(2, e.seq());
        ps.setString(3, job);
        if (ps.executeUpdate() != 1) {
            throw new IllegalStateException("no job " + job);
        }
    }

    private static void ledgerAndAudit(ProjectionContext ctx, JournalEntry e, JsonNode p, String action, String subject,
                                       String detail) throws SQLException {
        Ledger.project(ctx, e, p.required("ledger"), p.required("currency").asText(), p.required("at").asText());
        Audit.record(ctx, e, p.required("at").asText(), p.required("actor").asText(), action, subject, detail);
    }
}
