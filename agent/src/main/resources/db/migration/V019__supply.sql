-- Stock transfers between branches and purchase orders from HQ (ADR 013). Documents and their lines
-- are projections that move forward with each step; the steps, the receipts and the HQ commands
-- applied are append-only.
CREATE TABLE transfers (
    id           TEXT    PRIMARY KEY,
    from_branch  TEXT    NOT NULL,
    to_branch    TEXT    NOT NULL,
    status       TEXT    NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED', 'SHIPPED', 'RECEIVED',
                                                    'PARTIALLY_RECEIVED', 'CLOSED')),
    note         TEXT,
    requested_by TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    seq          INTEGER NOT NULL
);
CREATE INDEX transfers_status ON transfers (status, created_at);
CREATE TABLE transfer_lines (
    transfer_id TEXT    NOT NULL,
    sku         TEXT    NOT NULL,
    requested   INTEGER NOT NULL CHECK (requested >= 0),
    shipped     INTEGER CHECK (shipped >= 0),
    received    INTEGER CHECK (received >= 0),
    reason      TEXT,
    seq         INTEGER NOT NULL,
    PRIMARY KEY (transfer_id, sku)
);
CREATE TABLE transfer_steps (
    transfer_id TEXT    NOT NULL,
    step        TEXT    NOT NULL CHECK (step IN ('requested', 'approved', 'rejected', 'shipped', 'received', 'closed')),
    branch      TEXT    NOT NULL,
    actor       TEXT,
    at          TEXT    NOT NULL,
    reason      TEXT,
    seq         INTEGER NOT NULL,
    PRIMARY KEY (transfer_id, step)
);
CREATE TABLE purchase_orders (
    id         TEXT    PRIMARY KEY,
    supplier   TEXT    NOT NULL,
    status     TEXT    NOT NULL CHECK (status IN ('DRAFT', 'SENT', 'PARTIALLY_RECEIVED', 'RECEIVED', 'CLOSED')),
    note       TEXT,
    updated_at TEXT    NOT NULL,
    seq        INTEGER NOT NULL
);
CREATE TABLE purchase_order_lines (
    po_id    TEXT    NOT NULL,
    sku      TEXT    NOT NULL,
    ordered  INTEGER NOT NULL CHECK (ordered >= 0),
    received INTEGER NOT NULL CHECK (received >= 0),
    seq      INTEGER NOT NULL,
    PRIMARY KEY (po_id, sku)
);
CREATE TABLE purchase_order_receipts (
    id     TEXT    PRIMARY KEY,
    po_id  TEXT    NOT NULL,
    lines  TEXT    NOT NULL,
    actor  TEXT    NOT NULL,
    at     TEXT    NOT NULL,
    seq    INTEGER NOT NULL
);
CREATE INDEX purchase_order_receipts_po ON purchase_order_receipts (po_id, seq);
CREATE TABLE supply_commands (
    seq       INTEGER PRIMARY KEY,
    kind      TEXT    NOT NULL,
    doc_id    TEXT,
    ignored   TEXT,
    entry_seq INTEGER NOT NULL
);
CREATE TRIGGER transfer_steps_no_update BEFORE UPDATE ON transfer_steps
BEGIN SELECT RAISE(ABORT, 'transfer_steps is append-only'); END;
CREATE TRIGGER transfer_steps_no_delete BEFORE DELETE ON transfer_steps
BEGIN SELECT RAISE(ABORT, 'transfer_steps is append-only'); END;
CREATE TRIGGER purchase_order_receipts_no_update BEFORE UPDATE ON purchase_order_receipts
BEGIN SELECT RAISE(ABORT, 'purchase_order_receipts is append-only'); END;
CREATE TRIGGER purchase_order_receipts_no_delete BEFORE DELETE ON purchase_order_receipts
BEGIN SELECT RAISE(ABORT, 'purchase_order_receipts is append-only'); END;
CREATE TRIGGER supply_commands_no_update BEFORE UPDATE ON supply_commands
BEGIN SELECT RAISE(ABORT, 'supply_commands is append-only'); END;
CREATE TRIGGER supply_commands_no_delete BEFORE DELETE ON supply_commands
BEGIN SELECT RAISE(ABORT, 'supply_commands is append-only'); END;
