-- The catalog in force: the whole document, replaced by catalog.loaded entries.
CREATE TABLE catalog (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    version   INTEGER NOT NULL,
    sha256    TEXT    NOT NULL,
    document  TEXT    NOT NULL,
    seq       INTEGER NOT NULL
);

-- Stock on hand per SKU: a projection of inventory_movements, with an optimistic version.
CREATE TABLE stock (
    sku           TEXT    PRIMARY KEY,
    on_hand       INTEGER NOT NULL,
    reorder_level INTEGER NOT NULL,
    version       INTEGER NOT NULL,
    seq           INTEGER NOT NULL
);

CREATE TABLE inventory_movements (
    id          TEXT    PRIMARY KEY,
    seq         INTEGER NOT NULL,
    sku         TEXT    NOT NULL,
    type        TEXT    NOT NULL CHECK (type IN ('OPENING', 'SALE', 'ADJUSTMENT', 'RETURN', 'TRANSFER_IN', 'TRANSFER_OUT')),
    qty_delta   INTEGER NOT NULL,
    ref_id      TEXT,
    occurred_at TEXT    NOT NULL
);
CREATE INDEX inventory_movements_sku ON inventory_movements (sku, seq);
CREATE TRIGGER inventory_movements_no_update BEFORE UPDATE ON inventory_movements
BEGIN SELECT RAISE(ABORT, 'inventory_movements is append-only'); END;
CREATE TRIGGER inventory_movements_no_delete BEFORE DELETE ON inventory_movements
BEGIN SELECT RAISE(ABORT, 'inventory_movements is append-only'); END;
