-- Who rang a sale up, by id and by name, as the receipt and the fiscal export print it.
ALTER TABLE sales ADD COLUMN staff_id TEXT;
ALTER TABLE sales ADD COLUMN cashier TEXT;

-- One row per fiscal document (a sale, refund, void, cash movement, drawer opening): PENDING until the
-- security device (TSE) signed it, then SIGNED with its answer, or FAILED with why it could not sign.
CREATE TABLE fiscal_records (
    document          TEXT    PRIMARY KEY,
    seq               INTEGER NOT NULL,
    entry_seq         INTEGER NOT NULL,
    kind              TEXT    NOT NULL,
    status            TEXT    NOT NULL CHECK (status IN ('PENDING', 'SIGNED', 'FAILED')),
    process_type      TEXT    NOT NULL,
    process_data      TEXT    NOT NULL,
    client_id         TEXT,
    tx_number         INTEGER,
    signature_counter INTEGER,
    start_time        TEXT,
    log_time          TEXT,
    signature         TEXT,
    tse_serial        TEXT,
    algorithm         TEXT,
    time_format       TEXT,
    public_key        TEXT,
    error             TEXT
);
CREATE INDEX fiscal_records_pending ON fiscal_records (entry_seq) WHERE status = 'PENDING';
CREATE TRIGGER fiscal_records_no_delete BEFORE DELETE ON fiscal_records
BEGIN SELECT RAISE(ABORT, 'a fiscal record can never be removed'); END;
CREATE TRIGGER fiscal_records_settled BEFORE UPDATE ON fiscal_records WHEN OLD.status <> 'PENDING'
BEGIN SELECT RAISE(ABORT, 'a signed or failed fiscal record can never be changed'); END;

-- A day may have more than one Z (a shift opened after the Z is closed by the next one): the business
-- date is no longer unique. SQLite cannot drop a constraint, so the table is rebuilt, triggers and all.
CREATE TABLE z_reports_new (
    z_no          INTEGER PRIMARY KEY,
    id            TEXT    NOT NULL UNIQUE,
    seq           INTEGER NOT NULL,
    business_date TEXT    NOT NULL,
    from_seq      INTEGER NOT NULL,
    to_seq        INTEGER NOT NULL,
    created_at    TEXT    NOT NULL,
    actor         TEXT    NOT NULL,
    turnover      INTEGER NOT NULL,
    grand_total   INTEGER NOT NULL,
    totals        TEXT    NOT NULL
);
INSERT INTO z_reports_new SELECT z_no, id, seq, business_date, from_seq, to_seq, created_at, actor, turnover,
    grand_total, totals FROM z_reports;
DROP TABLE z_reports;
ALTER TABLE z_reports_new RENAME TO z_reports;
CREATE INDEX z_reports_date ON z_reports (business_date);
CREATE TRIGGER z_reports_no_update BEFORE UPDATE ON z_reports
BEGIN SELECT RAISE(ABORT, 'a Z report can never be changed'); END;
CREATE TRIGGER z_reports_no_delete BEFORE DELETE ON z_reports
BEGIN SELECT RAISE(ABORT, 'a Z report can never be removed'); END;
