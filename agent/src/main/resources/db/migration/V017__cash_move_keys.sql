-- The Idempotency-Key a screen sent a cash move with: the same key again is answered with the move already
-- made, never a second one.
CREATE TABLE cash_move_keys (
    idempotency_key TEXT    PRIMARY KEY,
    seq             INTEGER NOT NULL,
    shift_id        TEXT    NOT NULL REFERENCES shifts (id),
    kind            TEXT    NOT NULL,
    amount          INTEGER NOT NULL,
    reason          TEXT    NOT NULL
);
CREATE TRIGGER cash_move_keys_no_update BEFORE UPDATE ON cash_move_keys
BEGIN SELECT RAISE(ABORT, 'cash_move_keys is append-only'); END;
CREATE TRIGGER cash_move_keys_no_delete BEFORE DELETE ON cash_move_keys
BEGIN SELECT RAISE(ABORT, 'cash_move_keys is append-only'); END;
