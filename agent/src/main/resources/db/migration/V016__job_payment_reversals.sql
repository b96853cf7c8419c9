-- A payment booked in error is reversed, never deleted: the part applied to the job is owed again, the
-- part kept as store credit is taken back, and cash leaves the drawer of the open shift.
CREATE TABLE job_payment_reversals (
    id           TEXT    PRIMARY KEY,
    seq          INTEGER NOT NULL,
    payment_id   TEXT    NOT NULL UNIQUE REFERENCES job_payments (id),
    job_id       TEXT    NOT NULL REFERENCES service_jobs (id),
    customer_id  TEXT    NOT NULL REFERENCES customers (id),
    method       TEXT    NOT NULL CHECK (method IN ('CASH', 'BANK')),
    amount       INTEGER NOT NULL CHECK (amount > 0),
    applied      INTEGER NOT NULL CHECK (applied >= 0),
    store_credit INTEGER NOT NULL CHECK (store_credit >= 0),
    reason       TEXT    NOT NULL,
    shift_id     TEXT    REFERENCES shifts (id),
    local_date   TEXT    NOT NULL,
    occurred_at  TEXT    NOT NULL,
    actor        TEXT    NOT NULL,
    CHECK (applied + store_credit = amount)
);
CREATE INDEX job_payment_reversals_job ON job_payment_reversals (job_id);
CREATE INDEX job_payment_reversals_date ON job_payment_reversals (local_date);
CREATE TRIGGER job_payment_reversals_no_update BEFORE UPDATE ON job_payment_reversals
BEGIN SELECT RAISE(ABORT, 'job_payment_reversals is append-only'); END;
CREATE TRIGGER job_payment_reversals_no_delete BEFORE DELETE ON job_payment_reversals
BEGIN SELECT RAISE(ABORT, 'job_payment_reversals is append-only'); END;
