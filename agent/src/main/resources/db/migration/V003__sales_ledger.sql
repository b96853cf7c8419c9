CREATE TABLE sales (
    id              TEXT    PRIMARY KEY,
    seq             INTEGER NOT NULL,
    invoice_no      INTEGER NOT NULL UNIQUE,
    idempotency_key TEXT    NOT NULL UNIQUE,
    request_sha256  TEXT    NOT NULL,
    occurred_at     TEXT    NOT NULL,
    currency        TEXT    NOT NULL,
    subtotal        INTEGER NOT NULL,
    discount        INTEGER NOT NULL,
    tax             INTEGER NOT NULL,
    rounding        INTEGER NOT NULL,
    total           INTEGER NOT NULL,
    paid            INTEGER NOT NULL,
    change_due      INTEGER NOT NULL,
    coupon          TEXT,
    catalog_version INTEGER NOT NULL
);
CREATE INDEX sales_seq ON sales (seq);

CREATE TABLE sale_lines (
    sale_id       TEXT    NOT NULL REFERENCES sales (id),
    line_no       INTEGER NOT NULL,
    seq           INTEGER NOT NULL,
    sku           TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    qty           INTEGER NOT NULL,
    unit_price    INTEGER NOT NULL,
    tax_inclusive INTEGER NOT NULL,
    tax_code      TEXT    NOT NULL,
    tax_bp        INTEGER NOT NULL,
    discount      INTEGER NOT NULL,
    net           INTEGER NOT NULL,
    tax           INTEGER NOT NULL,
    total         INTEGER NOT NULL,
    promotions    TEXT    NOT NULL,
    PRIMARY KEY (sale_id, line_no)
);

CREATE TABLE payments (
    id       TEXT    PRIMARY KEY,
    sale_id  TEXT    NOT NULL REFERENCES sales (id),
    seq      INTEGER NOT NULL,
    method   TEXT    NOT NULL,
    amount   INTEGER NOT NULL,
    currency TEXT    NOT NULL
);
CREATE INDEX payments_sale ON payments (sale_id);

CREATE TABLE ledger_entries (
    id          TEXT    PRIMARY KEY,
    txn_id      TEXT    NOT NULL,
    seq         INTEGER NOT NULL,
    account     TEXT    NOT NULL,
    debit       INTEGER NOT NULL CHECK (debit >= 0),
    credit      INTEGER NOT NULL CHECK (credit >= 0),
    currency    TEXT    NOT NULL,
    memo        TEXT    NOT NULL,
    occurred_at TEXT    NOT NULL
);
CREATE INDEX ledger_entries_txn ON ledger_entries (txn_id);
CREATE INDEX ledger_entries_seq ON ledger_entries (seq);

CREATE TRIGGER sales_no_update BEFORE UPDATE ON sales
BEGIN SELECT RAISE(ABORT, 'sales is append-only'); END;
CREATE TRIGGER sales_no_delete BEFORE DELETE ON sales
BEGIN SELECT RAISE(ABORT, 'sales is append-only'); END;
CREATE TRIGGER sale_lines_no_update BEFORE UPDATE ON sale_lines
BEGIN SELECT RAISE(ABORT, 'sale_lines is append-only'); END;
CREATE TRIGGER sale_lines_no_delete BEFORE DELETE ON sale_lines
BEGIN SELECT RAISE(ABORT, 'sale_lines is append-only'); END;
CREATE TRIGGER payments_no_update BEFORE UPDATE ON payments
BEGIN SELECT RAISE(ABORT, 'payments is append-only'); END;
CREATE TRIGGER payments_no_delete BEFORE DELETE ON payments
BEGIN SELECT RAISE(ABORT, 'payments is append-only'); END;
CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'ledger_entries is append-only'); END;
CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'ledger_entries is append-only'); END;
