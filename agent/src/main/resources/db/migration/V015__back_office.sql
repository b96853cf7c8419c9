-- The back office: service jobs for customers, payments against them, adjustments, and expenses.
-- A job's amount, adjustments and payments are kept as journaled; nothing is edited or removed: a
-- correction is an adjustment (of a job) or a reversal (of an expense).
CREATE TABLE service_jobs (
    id           TEXT    PRIMARY KEY,
    seq          INTEGER NOT NULL,
    created_seq  INTEGER NOT NULL,
    customer_id  TEXT    NOT NULL REFERENCES customers (id),
    service_type TEXT    NOT NULL,
    service_date TEXT    NOT NULL,
    amount       INTEGER NOT NULL CHECK (amount > 0),
    adjusted     INTEGER NOT NULL,
    paid         INTEGER NOT NULL CHECK (paid >= 0),
    notes        TEXT,
    created_at   TEXT    NOT NULL,
    actor        TEXT    NOT NULL,
    CHECK (amount + adjusted >= paid)
);
CREATE INDEX service_jobs_customer ON service_jobs (customer_id, service_date);
CREATE INDEX service_jobs_date ON service_jobs (service_date);

CREATE TABLE job_adjustments (
    id          TEXT    PRIMARY KEY,
    seq         INTEGER NOT NULL,
    job_id      TEXT    NOT NULL REFERENCES service_jobs (id),
    delta       INTEGER NOT NULL CHECK (delta <> 0),
    reason      TEXT    NOT NULL,
    local_date  TEXT    NOT NULL,
    occurred_at TEXT    NOT NULL,
    actor       TEXT    NOT NULL
);
CREATE INDEX job_adjustments_job ON job_adjustments (job_id);

CREATE TABLE job_payments (
    id           TEXT    PRIMARY KEY,
    seq          INTEGER NOT NULL,
    job_id       TEXT    NOT NULL REFERENCES service_jobs (id),
    customer_id  TEXT    NOT NULL REFERENCES customers (id),
    method       TEXT    NOT NULL CHECK (method IN ('CASH', 'BANK')),
    amount       INTEGER NOT NULL CHECK (amount > 0),
    applied      INTEGER NOT NULL CHECK (applied >= 0),
    store_credit INTEGER NOT NULL CHECK (store_credit >= 0),
    paid_on      TEXT    NOT NULL,
    shift_id     TEXT    REFERENCES shifts (id),
    occurred_at  TEXT    NOT NULL,
    actor        TEXT    NOT NULL,
    CHECK (applied + store_credit = amount)
);
CREATE INDEX job_payments_job ON job_payments (job_id);
CREATE INDEX job_payments_date ON job_payments (paid_on);

CREATE TABLE expenses (
    id           TEXT    PRIMARY KEY,
    seq          INTEGER NOT NULL,
    category     TEXT    NOT NULL,
    amount       INTEGER NOT NULL CHECK (amount > 0),
    method       TEXT    NOT NULL CHECK (method IN ('CASH', 'BANK')),
    expense_date TEXT    NOT NULL,
    description  TEXT    NOT NULL,
    shift_id     TEXT    REFERENCES shifts (id),
    occurred_at  TEXT    NOT NULL,
    actor        TEXT    NOT NULL
);
CREATE INDEX expenses_date ON expenses (expense_date);

CREATE TABLE expense_reversals (
    id          TEXT    PRIMARY KEY,
    seq         INTEGER NOT NULL,
    expense_id  TEXT    NOT NULL UNIQUE REFERENCES expenses (id),
    reason      TEXT    NOT NULL,
    shift_id    TEXT    REFERENCES shifts (id),
    local_date  TEXT    NOT NULL,
    occurred_at TEXT    NOT NULL,
    actor       TEXT    NOT NULL
);

CREATE TRIGGER job_adjustments_no_update BEFORE UPDATE ON job_adjustments
BEGIN SELECT RAISE(ABORT, 'job_adjustments is append-only'); END;
CREATE TRIGGER job_adjustments_no_delete BEFORE DELETE ON job_adjustments
BEGIN SELECT RAISE(ABORT, 'job_adjustments is append-only'); END;
CREATE TRIGGER job_payments_no_update BEFORE UPDATE ON job_payments
BEGIN SELECT RAISE(ABORT, 'job_payments is append-only'); END;
CREATE TRIGGER job_payments_no_delete BEFORE DELETE ON job_payments
BEGIN SELECT RAISE(ABORT, 'job_payments is append-only'); END;
CREATE TRIGGER expenses_no_update BEFORE UPDATE ON expenses
BEGIN SELECT RAISE(ABORT, 'expenses is append-only'); END;
CREATE TRIGGER expenses_no_delete BEFORE DELETE ON expenses
BEGIN SELECT RAISE(ABORT, 'expenses is append-only'); END;
CREATE TRIGGER expense_reversals_no_update BEFORE UPDATE ON expense_reversals
BEGIN SELECT RAISE(ABORT, 'expense_reversals is append-only'); END;
CREATE TRIGGER expense_reversals_no_delete BEFORE DELETE ON expense_reversals
BEGIN SELECT RAISE(ABORT, 'expense_reversals is append-only'); END;
-- a job is never removed; only its adjusted and paid sums change, as its entries are applied
CREATE TRIGGER service_jobs_no_delete BEFORE DELETE ON service_jobs
BEGIN SELECT RAISE(ABORT, 'service_jobs rows are never removed'); END;
CREATE TRIGGER service_jobs_fixed BEFORE UPDATE OF id, created_seq, customer_id, service_type, service_date, amount, notes, created_at, actor ON service_jobs
BEGIN SELECT RAISE(ABORT, 'a service job is changed only by adjustments and payments'); END;
