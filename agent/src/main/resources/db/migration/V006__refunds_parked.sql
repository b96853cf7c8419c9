-- Refunds and voids as the till makes them: an Idempotency-Key per refund, the loyalty points it took
-- back, and how much went back by which method (a void may hand back several tenders and take back
-- change, so an amount here may be negative). Card refunds and reversals are journaled as soon as
-- the terminal approved them, before the refund that uses them. Parked sales are carts a card
-- declined: open until retried or cancelled.
ALTER TABLE refunds ADD COLUMN idempotency_key TEXT;
ALTER TABLE refunds ADD COLUMN points INTEGER NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX refunds_key ON refunds (idempotency_key);

CREATE TABLE refund_payments (
    id        TEXT    PRIMARY KEY,
    refund_id TEXT    NOT NULL REFERENCES refunds (id),
    seq       INTEGER NOT NULL,
    method    TEXT    NOT NULL,
    amount    INTEGER NOT NULL,
    reference TEXT
);
CREATE INDEX refund_payments_refund ON refund_payments (refund_id);
CREATE TRIGGER refund_payments_no_update BEFORE UPDATE ON refund_payments
BEGIN SELECT RAISE(ABORT, 'refund_payments is append-only'); END;
CREATE TRIGGER refund_payments_no_delete BEFORE DELETE ON refund_payments
BEGIN SELECT RAISE(ABORT, 'refund_payments is append-only'); END;

CREATE TABLE card_refunds (
    id              TEXT    PRIMARY KEY,
    seq             INTEGER NOT NULL,
    idempotency_key TEXT    NOT NULL,
    kind            TEXT    NOT NULL CHECK (kind IN ('REFUND', 'REVERSAL')),
    amount          INTEGER NOT NULL,
    receipt_no      TEXT,
    approval_id     TEXT,
    slip            TEXT    NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('APPROVED', 'USED')),
    refund_id       TEXT,
    approved_at     TEXT    NOT NULL
);
CREATE INDEX card_refunds_key ON card_refunds (idempotency_key, status);

CREATE TABLE parked_sales (
    id              TEXT    PRIMARY KEY,
    seq             INTEGER NOT NULL,
    idempotency_key TEXT    NOT NULL UNIQUE,
    request         TEXT    NOT NULL,
    total           INTEGER NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('OPEN', 'COMPLETED', 'CANCELLED')),
    reason          TEXT    NOT NULL,
    parked_by       TEXT    NOT NULL,
    parked_at       TEXT    NOT NULL,
    sale_id         TEXT,
    closed_by       TEXT,
    closed_at       TEXT
);
CREATE INDEX parked_sales_status ON parked_sales (status);
