package com.wkpos.edge.protocol.report;

import static com.wkpos.edge.protocol.report.ReportTable.Column.count;
import static com.wkpos.edge.protocol.report.ReportTable.Column.money;
import static com.wkpos.edge.protocol.report.ReportTable.Column.text;

import java.util.List;

/** The columns of the back-office reports, the same at the box and at HQ (HQ's statement adds the branch). */
public final class ReportColumns {
    public static final List<ReportTable.Column> DAILY = List.of(text("date", "Date"), count("sales", "Sales"),
            money("salesAmount", "Sales amount"), money("refundsAmount", "Refunds"), count("jobs", "Jobs"),
            money("jobsAmount", "Jobs amount"), money("adjustmentsAmount", "Adjustments"), count("payments", "Payments"),
            money("paymentsAmount", "Payments amount"), money("cashPayments", "Cash"), money("bankPayments", "Bank"),
            count("expenses", "Expenses"), money("expensesAmount", "Expenses amount"));
    public static final List<ReportTable.Column> MONTHLY = List.of(text("month", "Month"),
            money("salesNet", "Sales (net of refunds)"), money("serviceRevenue", "Service revenue"),
            money("revenue", "Revenue"), money("expenses", "Expenses"), money("profit", "Profit"));
    public static final List<ReportTable.Column> CASH_FLOW = List.of(text("date", "Date"), money("inflow", "In"),
            money("outflow", "Out"), money("net", "Net"));
    public static final List<ReportTable.Column> RECEIVABLES = List.of(text("name", "Customer"), count("jobs", "Jobs"),
            money("outstanding", "Outstanding"), money("current", "0-30 days"), money("days31to60", "31-60 days"),
            money("days61to90", "61-90 days"), money("over90", "Over 90 days"));

    public static final List<ReportTable.Column> STATEMENT = List.of(text("date", "Date"), text("kind", "Kind"),
            text("description", "Description"), money("debit", "Charged"), money("credit", "Paid"),
            money("balance", "Balance"));
    /** HQ's statement: each line names the branch it was booked at. */
    public static final List<ReportTable.Column> STATEMENT_BY_BRANCH = List.of(text("date", "Date"), text("kind", "Kind"),
            text("branch", "Branch"), text("description", "Description"), money("debit", "Charged"),
            money("credit", "Paid"), money("balance", "Balance"));

    private ReportColumns() {
    }
}
