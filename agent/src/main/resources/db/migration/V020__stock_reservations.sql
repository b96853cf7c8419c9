-- Reservations hold stock for an order without moving it: on hand stays the sum of qty_delta, the
-- reserved quantity is the sum of reserved_delta, and what can still be promised is on_hand - reserved.
ALTER TABLE stock ADD COLUMN reserved INTEGER NOT NULL DEFAULT 0;
ALTER TABLE inventory_movements ADD COLUMN reserved_delta INTEGER NOT NULL DEFAULT 0;

CREATE TABLE stock_reservations (
    id             TEXT    PRIMARY KEY,
    seq            INTEGER NOT NULL,
    sku            TEXT    NOT NULL,
    qty            INTEGER NOT NULL CHECK (qty > 0),
    open_qty       INTEGER NOT NULL CHECK (open_qty >= 0 AND open_qty <= qty),
    reference      TEXT    NOT NULL,
    note           TEXT,
    status         TEXT    NOT NULL CHECK (status IN ('OPEN', 'RELEASED')),
    reserved_by    TEXT    NOT NULL,
    reserved_at    TEXT    NOT NULL,
    released_by    TEXT,
    released_at    TEXT,
    release_reason TEXT
);
CREATE INDEX stock_reservations_sku ON stock_reservations (sku, status);
