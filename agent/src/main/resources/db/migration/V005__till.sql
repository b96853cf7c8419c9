-- The till: shifts and drawer cash, Z reports, card approvals, gift cards, customers and store
-- credit, refunds and voids, approvals. All projections of journal entries.
CREATE TABLE shifts (
    id            TEXT    PRIMARY KEY,
    seq           INTEGER NOT NULL,
    opened_seq    INTEGER NOT NULL,
    staff_id      TEXT    NOT NULL,
    opened_at     TEXT    NOT NULL,
    opening_float INTEGER NOT NULL CHECK (opening_float >= 0),
    status        TEXT    NOT NULL CHECK (status IN ('OPEN', 'CLOSED')),
    closed_at     TEXT,
    closed_by     TEXT,
    counted       INTEGER,
    expected      INTEGER,
    variance      INTEGER,
    z_no          INTEGER
);
CREATE INDEX shifts_status ON shifts (status, opened_seq);

-- Every movement of local cash in or out of a shift's drawer; the expected cash is their sum.
-- shift_id is NULL for cash taken while no shift was open (allowed unless the branch requires shifts).
CREATE TABLE drawer_moves (
    id          TEXT    PRIMARY KEY,
    seq         INTEGER NOT NULL,
    shift_id    TEXT    REFERENCES shifts (id),
    kind        TEXT    NOT NULL,
    amount      INTEGER NOT NULL,
    ref         TEXT,
    reason      TEXT,
    occurred_at TEXT    NOT NULL
);
CREATE INDEX drawer_moves_shift ON drawer_moves (shift_id);
CREATE TRIGGER drawer_moves_no_update BEFORE UPDATE ON drawer_moves
BEGIN SELECT RAISE(ABORT, 'drawer_moves is append-only'); END;
CREATE TRIGGER drawer_moves_no_delete BEFORE DELETE ON drawer_moves
BEGIN SELECT RAISE(ABORT, 'drawer_moves is append-only'); END;

CREATE TABLE z_reports (
    z_no          INTEGER PRIMARY KEY,
    id            TEXT    NOT NULL UNIQUE,
    seq           INTEGER NOT NULL,
    business_date TEXT    NOT NULL UNIQUE,
    from_seq      INTEGER NOT NULL,
    to_seq        INTEGER NOT NULL,
    created_at    TEXT    NOT NULL,
    actor         TEXT    NOT NULL,
    turnover      INTEGER NOT NULL,
    grand_total   INTEGER NOT NULL,
    totals        TEXT    NOT NULL
);
CREATE TRIGGER z_reports_no_update BEFORE UPDATE ON z_reports
BEGIN SELECT RAISE(ABORT, 'a Z report can never be changed'); END;
CREATE TRIGGER z_reports_no_delete BEFORE DELETE ON z_reports
BEGIN SELECT RAISE(ABORT, 'a Z report can never be removed'); END;

-- Card approvals, journaled before the sale that uses them: APPROVED -> USED, or REVERSED.
CREATE TABLE card_payments (
    id              TEXT    PRIMARY KEY,
    seq             INTEGER NOT NULL,
    idempotency_key TEXT    NOT NULL,
    amount          INTEGER NOT NULL,
    currency        TEXT    NOT NULL,
    receipt_no      TEXT    NOT NULL,
    trace           TEXT    NOT NULL,
    masked_pan      TEXT,
    card_type       TEXT,
    terminal_id     TEXT,
    slip            TEXT    NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('APPROVED', 'USED', 'REVERSED')),
    sale_id         TEXT,
    approved_at     TEXT    NOT NULL
);
CREATE INDEX card_payments_key ON card_payments (idempotency_key, status);

CREATE TABLE gift_cards (
    code           TEXT    PRIMARY KEY,
    seq            INTEGER NOT NULL,
    issued_amount  INTEGER NOT NULL,
    balance        INTEGER NOT NULL CHECK (balance >= 0),
    issued_at      TEXT    NOT NULL
);

CREATE TABLE customers (
    id              TEXT    PRIMARY KEY,
    seq             INTEGER NOT NULL,
    name            TEXT    NOT NULL,
    email           TEXT,
    phone           TEXT,
    total_purchases INTEGER NOT NULL,
    total_spent     INTEGER NOT NULL,
    points          INTEGER NOT NULL CHECK (points >= 0),
    store_credit    INTEGER NOT NULL CHECK (store_credit >= 0),
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL
);

-- Refunds and voids: new rows, never edits of the sale.
CREATE TABLE refunds (
    id          TEXT    PRIMARY KEY,
    seq         INTEGER NOT NULL,
    sale_id     TEXT    NOT NULL REFERENCES sales (id),
    kind        TEXT    NOT NULL CHECK (kind IN ('REFUND', 'VOID')),
    method      TEXT    NOT NULL,
    amount      INTEGER NOT NULL CHECK (amount > 0),
    reason      TEXT    NOT NULL,
    actor       TEXT    NOT NULL,
    shift_id    TEXT,
    occurred_at TEXT    NOT NULL
);
CREATE INDEX refunds_sale ON refunds (sale_id);
CREATE TABLE refund_lines (
    refund_id TEXT    NOT NULL REFERENCES refunds (id),
    line_no   INTEGER NOT NULL,
    seq       INTEGER NOT NULL,
    qty       INTEGER NOT NULL,
    net       INTEGER NOT NULL,
    tax       INTEGER NOT NULL,
    total     INTEGER NOT NULL,
    PRIMARY KEY (refund_id, line_no)
);
CREATE TRIGGER refunds_no_update BEFORE UPDATE ON refunds
BEGIN SELECT RAISE(ABORT, 'refunds is append-only'); END;
CREATE TRIGGER refunds_no_delete BEFORE DELETE ON refunds
BEGIN SELECT RAISE(ABORT, 'refunds is append-only'); END;
CREATE TRIGGER refund_lines_no_update BEFORE UPDATE ON refund_lines
BEGIN SELECT RAISE(ABORT, 'refund_lines is append-only'); END;
CREATE TRIGGER refund_lines_no_delete BEFORE DELETE ON refund_lines
BEGIN SELECT RAISE(ABORT, 'refund_lines is append-only'); END;

CREATE TABLE approvals (
    id           TEXT    PRIMARY KEY,
    seq          INTEGER NOT NULL,
    action       TEXT    NOT NULL,
    subject      TEXT    NOT NULL,
    amount       INTEGER NOT NULL,
    requested_by TEXT    NOT NULL,
    status       TEXT    NOT NULL CHECK (status IN ('REQUESTED', 'APPROVED', 'REJECTED', 'USED')),
    decided_by   TEXT,
    reason       TEXT,
    requested_at TEXT    NOT NULL,
    decided_at   TEXT
);

ALTER TABLE sales ADD COLUMN actor TEXT;
ALTER TABLE sales ADD COLUMN shift_id TEXT;
ALTER TABLE sales ADD COLUMN customer_id TEXT;
ALTER TABLE sales ADD COLUMN points_earned INTEGER;
ALTER TABLE sales ADD COLUMN card_slip TEXT;
ALTER TABLE payments ADD COLUMN foreign_currency TEXT;
ALTER TABLE payments ADD COLUMN foreign_amount INTEGER;
ALTER TABLE payments ADD COLUMN rate TEXT;
ALTER TABLE payments ADD COLUMN reference TEXT;
