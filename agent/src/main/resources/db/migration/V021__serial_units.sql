-- Serialized items: every unit by its serial number, where it stands now, and each thing that happened
-- to it (received, sold on a sale's line, returned, written off). The moves are append-only.
CREATE TABLE serial_units (
    sku    TEXT    NOT NULL,
    serial TEXT    NOT NULL,
    status TEXT    NOT NULL CHECK (status IN ('IN_STOCK', 'SOLD', 'WRITTEN_OFF')),
    ref_id TEXT    NOT NULL,
    seq    INTEGER NOT NULL,
    PRIMARY KEY (sku, serial)
);
CREATE INDEX serial_units_status ON serial_units (sku, status);
CREATE TABLE serial_moves (
    id      TEXT    PRIMARY KEY,
    sku     TEXT    NOT NULL,
    serial  TEXT    NOT NULL,
    kind    TEXT    NOT NULL CHECK (kind IN ('RECEIVED', 'SOLD', 'RETURNED', 'WRITTEN_OFF')),
    ref_id  TEXT    NOT NULL,
    sale_id TEXT,
    line_no INTEGER,
    seq     INTEGER NOT NULL
);
CREATE INDEX serial_moves_sale ON serial_moves (sale_id, line_no);
CREATE INDEX serial_moves_unit ON serial_moves (sku, serial, seq);
CREATE TRIGGER serial_moves_no_update BEFORE UPDATE ON serial_moves
BEGIN SELECT RAISE(ABORT, 'serial_moves is append-only'); END;
CREATE TRIGGER serial_moves_no_delete BEFORE DELETE ON serial_moves
BEGIN SELECT RAISE(ABORT, 'serial_moves is append-only'); END;
-- the reorder suggestions read the sales and returns of the last days: by time, not by a scan
CREATE INDEX inventory_movements_time ON inventory_movements (occurred_at, type);
