package com.wkpos.edge.hq;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** HQ's tables, created if missing; the same DDL for SQLite and PostgreSQL except the append-only guards. */
final class HqSchema {
    static final List<String> APPEND_ONLY = List.of("hq_journal", "hq_stock_moves", "hq_ledger", "hq_versions",
            "hq_sales", "hq_sale_payments", "hq_refunds", "hq_jobs", "hq_job_adjustments", "hq_job_payments",
            "hq_expenses", "hq_expense_reversals", "hq_job_payment_reversals", "hq_stock_alerts",
            "hq_transfer_steps", "hq_po_receipts",
            "hq_supply_commands");

    private HqSchema() {
    }

    static void create(Connection c, boolean postgres) throws SQLException {
        List<String> ddl = new ArrayList<>(List.of(
                """
                CREATE TABLE IF NOT EXISTS hq_journal (
                  device_id TEXT NOT NULL, seq BIGINT NOT NULL, tenant TEXT NOT NULL, branch TEXT NOT NULL,
                  id TEXT NOT NULL, hlc BIGINT NOT NULL, type TEXT NOT NULL, payload TEXT NOT NULL,
                  prev_hash TEXT NOT NULL, hash TEXT NOT NULL, received_at TEXT NOT NULL,
                  PRIMARY KEY (device_id, seq))""",
                """
                CREATE TABLE IF NOT EXISTS hq_devices (
                  device_id TEXT PRIMARY KEY, tenant TEXT NOT NULL, branch TEXT NOT NULL,
                  acked_seq BIGINT NOT NULL, last_ack_at TEXT, first_seen TEXT NOT NULL)""",
                """
                CREATE TABLE IF NOT EXISTS hq_heartbeats (
                  tenant TEXT NOT NULL, branch TEXT NOT NULL, device_id TEXT NOT NULL, online INTEGER NOT NULL,
                  payload TEXT NOT NULL, received_at TEXT NOT NULL, PRIMARY KEY (tenant, branch, device_id))""",
                """
                CREATE TABLE IF NOT EXISTS hq_alarms (
                  at TEXT NOT NULL, kind TEXT NOT NULL, tenant TEXT, branch TEXT, device_id TEXT, seq BIGINT,
                  detail TEXT NOT NULL)""",
                """
                CREATE TABLE IF NOT EXISTS hq_stock_moves (
                  device_id TEXT NOT NULL, seq BIGINT NOT NULL, line INTEGER NOT NULL, tenant TEXT NOT NULL,
                  branch TEXT NOT NULL, sku TEXT NOT NULL, delta BIGINT NOT NULL, PRIMARY KEY (device_id, seq, line))""",
                """
                CREATE TABLE IF NOT EXISTS hq_ledger (
                  device_id TEXT NOT NULL, seq BIGINT NOT NULL, line INTEGER NOT NULL, txn_id TEXT NOT NULL,
                  account TEXT NOT NULL, debit BIGINT NOT NULL, credit BIGINT NOT NULL,
                  PRIMARY KEY (device_id, seq, line))""",
                """
                CREATE TABLE IF NOT EXISTS hq_customers (
                  tenant TEXT NOT NULL, id TEXT NOT NULL, hlc BIGINT NOT NULL, device_id TEXT NOT NULL,
                  fields TEXT NOT NULL, PRIMARY KEY (tenant, id))""",
                """
                CREATE TABLE IF NOT EXISTS hq_versions (
                  tenant TEXT NOT NULL, version BIGINT NOT NULL, state TEXT NOT NULL, delta TEXT NOT NULL,
                  created_at TEXT NOT NULL, PRIMARY KEY (tenant, version))""",
                """
                CREATE TABLE IF NOT EXISTS hq_branch_prices (
                  tenant TEXT NOT NULL, branch TEXT NOT NULL, sku TEXT NOT NULL, amount BIGINT NOT NULL,
                  version BIGINT NOT NULL, PRIMARY KEY (tenant, branch, sku))""",
                // sales and refunds as the tills journaled them; occurred_ms orders and bounds by time, since
                // Instant text with and without fractions does not sort as the instants do
                """
                CREATE TABLE IF NOT EXISTS hq_sales (
                  device_id TEXT NOT NULL, seq BIGINT NOT NULL, tenant TEXT NOT NULL, branch TEXT NOT NULL,
                  sale_id TEXT NOT NULL, invoice_no BIGINT NOT NULL, occurred_at TEXT NOT NULL,
                  occurred_ms BIGINT NOT NULL, currency TEXT NOT NULL, subtotal BIGINT NOT NULL,
                  discount BIGINT NOT NULL, tax BIGINT NOT NULL, rounding BIGINT NOT NULL, total BIGINT NOT NULL,
                  net BIGINT NOT NULL, paid BIGINT NOT NULL, change_due BIGINT NOT NULL, lines INTEGER NOT NULL,
                  staff_id TEXT, cashier TEXT, shift_id TEXT, customer_id TEXT,
                  PRIMARY KEY (device_id, seq), UNIQUE (tenant, sale_id))""",
                "CREATE INDEX IF NOT EXISTS hq_sales_time ON hq_sales (tenant, occurred_ms)",
                """
                CREATE TABLE IF NOT EXISTS hq_sale_payments (
                  device_id TEXT NOT NULL, seq BIGINT NOT NULL, line INTEGER NOT NULL, tenant TEXT NOT NULL,
                  sale_id TEXT NOT NULL, method TEXT NOT NULL, amount BIGINT NOT NULL, foreign_currency TEXT,
                  foreign_amount BIGINT, reference TEXT, PRIMARY KEY (device_id, seq, line))""",
                """
                CREATE TABLE IF NOT EXISTS hq_refunds (
                  device_id TEXT NOT NULL, seq BIGINT NOT NULL, tenant TEXT NOT NULL, branch TEXT NOT NULL,
                  refund_id TEXT NOT NULL, sale_id TEXT NOT NULL, kind TEXT NOT NULL, method TEXT NOT NULL,
                  amount BIGINT NOT NULL, currency TEXT NOT NULL, occurred_at TEXT NOT NULL,
                  occurred_ms BIGINT NOT NULL, reason TEXT, actor TEXT, lines INTEGER NOT NULL,
                  PRIMARY KEY (device_id, seq), UNIQUE (tenant, refund_id))""",
                "CREATE INDEX IF NOT EXISTS hq_refunds_time ON hq_refunds (tenant, occurred_ms)",
                "CREATE INDEX IF NOT EXISTS hq_refunds_sale ON hq_refunds (tenant, sale_id)",
                // the back office's entries as the boxes journaled them; dates are the boxes' business days
                // (yyyy-MM-dd text sorts as the days do), occurred_at the instant the entry was made
                """
                CREATE TABLE IF NOT EXISTS hq_jobs (
                  device_id TEXT NOT NULL, seq BIGINT NOT NULL, tenant TEXT NOT NULL, branch TEXT NOT NULL,
                  job_id TEXT NOT NULL, customer_id TEXT NOT NULL, customer_name TEXT, service_type TEXT NOT NULL,
                  service_date TEXT NOT NULL, amount BIGINT NOT NULL, currency TEXT NOT NULL, notes TEXT, actor TEXT,
                  occurred_at TEXT NOT NULL, PRIMARY KEY (device_id, seq), UNIQUE (tenant, job_id))""",
                "CREATE INDEX IF NOT EXISTS hq_jobs_date ON hq_jobs (tenant, service_date)",
                "CREATE INDEX IF NOT EXISTS hq_jobs_customer ON hq_jobs (tenant, customer_id)",
                """
                CREATE TABLE IF NOT EXISTS hq_job_adjustments (
                  device_id TEXT NOT NULL, seq BIGINT NOT NULL, tenant TEXT NOT NULL, branch TEXT NOT NULL,
                  adjustment_id TEXT NOT NULL, job_id TEXT NOT NULL, customer_id TEXT NOT NULL, delta BIGINT NOT NULL,
                  reason TEXT, local_date TEXT NOT NULL, currency TEXT NOT NULL, actor TEXT, occurred_at TEXT NOT NULL,
                  PRIMARY KEY (device_id, seq), UNIQUE (tenant, adjustment_id))""",
                "CREATE INDEX IF NOT EXISTS hq_job_adjustments_job ON hq_job_adjustments (tenant, job_id)",
                """
                CREATE TABLE IF NOT EXISTS hq_job_payments (
                  device_id TEXT NOT NULL, seq BIGINT NOT NULL, tenant TEXT NOT NULL, branch TEXT NOT NULL,
                  payment_id TEXT NOT NULL, job_id TEXT NOT NULL, customer_id TEXT NOT NULL, method TEXT NOT NULL,
                  amount BIGINT NOT NULL, applied BIGINT NOT NULL, store_credit BIGINT NOT NULL, paid_on TEXT NOT NULL,
                  shift_id TEXT, currency TEXT NOT NULL, actor TEXT, occurred_at TEXT NOT NULL,
                  PRIMARY KEY (device_id, seq), UNIQUE (tenant, payment_id))""",
                "CREATE INDEX IF NOT EXISTS hq_job_payments_job ON hq_job_payments (tenant, job_id)",
                "CREATE INDEX IF NOT EXISTS hq_job_payments_date ON hq_job_payments (tenant, paid_on)",
                """
                CREATE TABLE IF NOT EXISTS hq_expenses (
                  device_id TEXT NOT NULL, seq BIGINT NOT NULL, tenant TEXT NOT NULL, branch TEXT NOT NULL,
                  expense_id TEXT NOT NULL, category TEXT NOT NULL, amount BIGINT NOT NULL, method TEXT NOT NULL,
                  expense_date TEXT NOT NULL, description TEXT, shift_id TEXT, currency TEXT NOT NULL, actor TEXT,
                  occurred_at TEXT NOT NULL, PRIMARY KEY (device_id, seq), UNIQUE (tenant, expense_id))""",
                "CREATE INDEX IF NOT EXISTS hq_expenses_date ON hq_expenses (tenant, expense_date)",
                """
                CREATE TABLE IF NOT EXISTS hq_expense_reversals (
                  device_id TEXT NOT NULL, seq BIGINT NOT NULL, tenant TEXT NOT NULL, branch TEXT NOT NULL,
                  reversal_id TEXT NOT NULL, expense_id TEXT NOT NULL, category TEXT NOT NULL, amount BIGINT NOT NULL,
                  method TEXT NOT NULL, reason TEXT, shift_id TEXT, local_date TEXT NOT NULL, currency TEXT NOT NULL,
                  actor TEXT, occurred_at TEXT NOT NULL, PRIMARY KEY (device_id, seq), UNIQUE (tenant, reversal_id))""",
                "CREATE INDEX IF NOT EXISTS hq_expense_reversals_date ON hq_expense_reversals (tenant, local_date)",
                """
                CREATE TABLE IF NOT EXISTS hq_job_payment_reversals (
                  device_id TEXT NOT NULL, seq BIGINT NOT NULL, tenant TEXT NOT NULL, branch TEXT NOT NULL,
                  reversal_id TEXT NOT NULL, payment_id TEXT NOT NULL, job_id TEXT NOT NULL, customer_id TEXT NOT NULL,
                  method TEXT NOT NULL, amount BIGINT NOT NULL, applied BIGINT NOT NULL, store_credit BIGINT NOT NULL,
                  reason TEXT, shift_id TEXT, local_date TEXT NOT NULL, currency TEXT NOT NULL, actor TEXT,
                  occurred_at TEXT NOT NULL, PRIMARY KEY (device_id, seq), UNIQUE (tenant, reversal_id))""",
                "CREATE INDEX IF NOT EXISTS hq_job_payment_reversals_job ON hq_job_payment_reversals (tenant, job_id)",
                "CREATE INDEX IF NOT EXISTS hq_job_payment_reversals_date ON hq_job_payment_reversals (tenant, local_date)",
                // supply (ADR 013): transfers between branches and purchase orders, as HQ knows them after each step;
                // the steps, receipts and the commands HQ sent are facts and never change. Lines not yet shipped or
                // received hold 0; a step HQ made itself has branch 'hq' and no device or seq
                """
                CREATE TABLE IF NOT EXISTS hq_transfers (
                  tenant TEXT NOT NULL, transfer_id TEXT NOT NULL, from_branch TEXT NOT NULL, to_branch TEXT NOT NULL,
                  status TEXT NOT NULL, note TEXT, requested_by TEXT NOT NULL, created_at TEXT NOT NULL,
                  updated_at TEXT NOT NULL, PRIMARY KEY (tenant, transfer_id))""",
                "CREATE INDEX IF NOT EXISTS hq_transfers_from ON hq_transfers (tenant, from_branch)",
                "CREATE INDEX IF NOT EXISTS hq_transfers_to ON hq_transfers (tenant, to_branch)",
                """
                CREATE TABLE IF NOT EXISTS hq_transfer_lines (
                  tenant TEXT NOT NULL, transfer_id TEXT NOT NULL, sku TEXT NOT NULL, requested BIGINT NOT NULL,
                  shipped BIGINT NOT NULL, received BIGINT NOT NULL, reason TEXT,
                  PRIMARY KEY (tenant, transfer_id, sku))""",
                """
                CREATE TABLE IF NOT EXISTS hq_transfer_steps (
                  tenant TEXT NOT NULL, transfer_id TEXT NOT NULL, step TEXT NOT NULL, branch TEXT NOT NULL,
                  device_id TEXT, seq BIGINT, actor TEXT, at TEXT NOT NULL, reason TEXT,
                  PRIMARY KEY (tenant, transfer_id, step))""",
                """
                CREATE TABLE IF NOT EXISTS hq_purchase_orders (
                  tenant TEXT NOT NULL, po_id TEXT NOT NULL, branch TEXT NOT NULL, supplier TEXT NOT NULL,
                  status TEXT NOT NULL, note TEXT, close_reason TEXT, created_at TEXT NOT NULL, sent_at TEXT,
                  updated_at TEXT NOT NULL, PRIMARY KEY (tenant, po_id))""",
                "CREATE INDEX IF NOT EXISTS hq_purchase_orders_branch ON hq_purchase_orders (tenant, branch)",
                """
                CREATE TABLE IF NOT EXISTS hq_po_lines (
                  tenant TEXT NOT NULL, po_id TEXT NOT NULL, sku TEXT NOT NULL, ordered BIGINT NOT NULL,
                  received BIGINT NOT NULL, PRIMARY KEY (tenant, po_id, sku))""",
                """
                CREATE TABLE IF NOT EXISTS hq_po_receipts (
                  tenant TEXT NOT NULL, po_id TEXT NOT NULL, receipt_id TEXT NOT NULL, branch TEXT NOT NULL,
                  device_id TEXT NOT NULL, seq BIGINT NOT NULL, status TEXT NOT NULL, lines TEXT NOT NULL, actor TEXT,
                  at TEXT NOT NULL, PRIMARY KEY (tenant, receipt_id))""",
                "CREATE INDEX IF NOT EXISTS hq_po_receipts_po ON hq_po_receipts (tenant, po_id)",
                """
                CREATE TABLE IF NOT EXISTS hq_supply_commands (
                  tenant TEXT NOT NULL, branch TEXT NOT NULL, seq BIGINT NOT NULL, kind TEXT NOT NULL, doc TEXT NOT NULL,
                  created_at TEXT NOT NULL, PRIMARY KEY (tenant, branch, seq))""",
                """
                CREATE TABLE IF NOT EXISTS hq_supply_delivery (
                  tenant TEXT NOT NULL, branch TEXT NOT NULL, applied_seq BIGINT NOT NULL, PRIMARY KEY (tenant, branch))""",
                // the box a branch's supply commands go to, pinned once (SupplyOutbox.device)
                """
                CREATE TABLE IF NOT EXISTS hq_supply_device (
                  tenant TEXT NOT NULL, branch TEXT NOT NULL, device_id TEXT NOT NULL, PRIMARY KEY (tenant, branch))""",
                """
                CREATE TABLE IF NOT EXISTS hq_stock_alerts (
                  device_id TEXT NOT NULL, seq BIGINT NOT NULL, tenant TEXT NOT NULL, branch TEXT NOT NULL,
                  sku TEXT NOT NULL, on_hand BIGINT NOT NULL, reorder_level BIGINT NOT NULL, cause TEXT, at TEXT NOT NULL,
                  PRIMARY KEY (device_id, seq))""",
                "CREATE INDEX IF NOT EXISTS hq_stock_alerts_time ON hq_stock_alerts (tenant, at)",
                // web-shop orders (ADR 014): each order as HQ routed it and last heard of it, the signatures of the
                // webhook deliveries taken (a replay is refused), the status reports owed to the shop until it
                // acknowledges them, and the catalog version and stock levels last pushed
                """
                CREATE TABLE IF NOT EXISTS hq_shop_orders (
                  tenant TEXT NOT NULL, order_id TEXT NOT NULL, branch TEXT NOT NULL, status TEXT NOT NULL,
                  lines TEXT NOT NULL, customer TEXT, note TEXT, reason TEXT, created_at TEXT NOT NULL,
                  routed_at TEXT NOT NULL, routed_ms BIGINT NOT NULL, routed_before TEXT NOT NULL, updated_at TEXT NOT NULL,
                  PRIMARY KEY (tenant, order_id))""",
                "CREATE INDEX IF NOT EXISTS hq_shop_orders_status ON hq_shop_orders (tenant, status)",
                """
                CREATE TABLE IF NOT EXISTS hq_shop_deliveries (
                  signature TEXT PRIMARY KEY, tenant TEXT NOT NULL, received_at TEXT NOT NULL,
                  received_ms BIGINT NOT NULL)""",
                """
                CREATE TABLE IF NOT EXISTS hq_shop_reports (
                  tenant TEXT NOT NULL, event_id TEXT NOT NULL, order_id TEXT NOT NULL, status TEXT NOT NULL,
                  status_rank INTEGER NOT NULL, body TEXT NOT NULL, created_at TEXT NOT NULL, attempts INTEGER NOT NULL, next_ms BIGINT NOT NULL,
                  acked_at TEXT, last_error TEXT, PRIMARY KEY (tenant, event_id))""",
                """
                CREATE TABLE IF NOT EXISTS hq_shop_catalog (
                  tenant TEXT PRIMARY KEY, version BIGINT NOT NULL, pushed_at TEXT NOT NULL)""",
                """
                CREATE TABLE IF NOT EXISTS hq_shop_stock (
                  tenant TEXT NOT NULL, sku TEXT NOT NULL, qty BIGINT NOT NULL, pushed_at TEXT NOT NULL,
                  PRIMARY KEY (tenant, sku))""",
                """
                CREATE TABLE IF NOT EXISTS hq_backfills (
                  name TEXT PRIMARY KEY, done_at TEXT NOT NULL)"""));
        for (String table : APPEND_ONLY) {
            ddl.addAll(postgres ? postgresGuard(table) : sqliteGuard(table));
        }
        HqDatabase.exec(c, ddl);
    }

    private static List<String> sqliteGuard(String table) {
        return List.of("CREATE TRIGGER IF NOT EXISTS " + table + "_no_update BEFORE UPDATE ON " + table
                        + " BEGIN SELECT RAISE(ABORT, '" + table + " is append-only'); END",
                "CREATE TRIGGER IF NOT EXISTS " + table + "_no_delete BEFORE DELETE ON " + table
                        + " BEGIN SELECT RAISE(ABORT, '" + table + " is append-only'); END");
    }

    private static List<String> postgresGuard(String table) {
        return List.of("CREATE OR REPLACE FUNCTION wk_append_only() RETURNS trigger LANGUAGE plpgsql AS"
                        + " $$ BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$",
                "DROP TRIGGER IF EXISTS " + table + "_append_only ON " + table,
                "CREATE TRIGGER " + table + "_append_only BEFORE UPDATE OR DELETE ON " + table
                        + " FOR EACH ROW EXECUTE FUNCTION wk_append_only()");
    }
}
