-- Every movement type of the inventory flow, not only the till's: SQLite cannot change a CHECK, so the
-- append-only table is made again with the wider list and its rows copied as they are.
CREATE TABLE inventory_movements_v18 (
    id          TEXT    PRIMARY KEY,
    seq         INTEGER NOT NULL,
    sku         TEXT    NOT NULL,
    type        TEXT    NOT NULL CHECK (type IN ('OPENING', 'SALE', 'RETURN', 'PURCHASE', 'ADJUSTMENT',
                                                 'TRANSFER_OUT', 'TRANSFER_IN', 'DAMAGE', 'EXPIRED', 'INITIAL',
                                                 'EXCHANGE_IN', 'EXCHANGE_OUT', 'RESERVATION', 'RELEASE')),
    qty_delta   INTEGER NOT NULL,
    ref_id      TEXT,
    occurred_at TEXT    NOT NULL
);
INSERT INTO inventory_movements_v18 (id, seq, sku, type, qty_delta, ref_id, occurred_at)
    SELECT id, seq, sku, type, qty_delta, ref_id, occurred_at FROM inventory_movements;
DROP TABLE inventory_movements;
ALTER TABLE inventory_movements_v18 RENAME TO inventory_movements;
CREATE INDEX inventory_movements_sku ON inventory_movements (sku, seq);
CREATE TRIGGER inventory_movements_no_update BEFORE UPDATE ON inventory_movements
BEGIN SELECT RAISE(ABORT, 'inventory_movements is append-only'); END;
CREATE TRIGGER inventory_movements_no_delete BEFORE DELETE ON inventory_movements
BEGIN SELECT RAISE(ABORT, 'inventory_movements is append-only'); END;
