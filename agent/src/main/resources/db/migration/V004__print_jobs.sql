-- Receipts waiting for, being sent to, or printed on the receipt printer. A projection of the
-- print.* journal entries: QUEUED -> PRINTING -> PRINTED, or back to QUEUED when the printer failed.
CREATE TABLE print_jobs (
    id         TEXT    PRIMARY KEY,
    seq        INTEGER NOT NULL,
    queued_seq INTEGER NOT NULL,
    sale_id    TEXT    NOT NULL REFERENCES sales (id),
    kind       TEXT    NOT NULL CHECK (kind IN ('ORIGINAL', 'COPY')),
    status     TEXT    NOT NULL CHECK (status IN ('QUEUED', 'PRINTING', 'PRINTED')),
    attempts   INTEGER NOT NULL,
    queued_at  TEXT    NOT NULL,
    last_error TEXT
);
CREATE INDEX print_jobs_pending ON print_jobs (status, queued_seq);
