-- The journal: every change of the box, hash-chained, append-only. Also the sync outbox.
CREATE TABLE journal (
    seq       INTEGER PRIMARY KEY,
    id        TEXT    NOT NULL UNIQUE,
    device_id TEXT    NOT NULL,
    hlc       INTEGER NOT NULL,
    type      TEXT    NOT NULL,
    payload   TEXT    NOT NULL,
    prev_hash TEXT    NOT NULL,
    hash      TEXT    NOT NULL
);
CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;

-- The identity of this box, made at first start (journal entry device.initialized).
CREATE TABLE device (
    id         TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    seq        INTEGER NOT NULL
);
CREATE TRIGGER device_no_update BEFORE UPDATE ON device
BEGIN SELECT RAISE(ABORT, 'device identity is append-only'); END;
CREATE TRIGGER device_no_delete BEFORE DELETE ON device
BEGIN SELECT RAISE(ABORT, 'device identity is append-only'); END;

-- Audit trail: who did what, projected from journal entries.
CREATE TABLE audit (
    id          TEXT PRIMARY KEY,
    seq         INTEGER NOT NULL,
    occurred_at TEXT    NOT NULL,
    actor       TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    subject     TEXT    NOT NULL,
    detail      TEXT    NOT NULL
);
CREATE INDEX audit_seq ON audit (seq);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
