-- Orders from the web shop that HQ routed to this branch (ADR 014). The order is a projection that moves
-- forward with each entry; its lines name the reservation that holds each SKU until it ships or is released.
CREATE TABLE online_orders (
    id          TEXT    PRIMARY KEY,
    status      TEXT    NOT NULL CHECK (status IN ('PROCESSING', 'SHIPPED', 'REJECTED', 'DELIVERED', 'CANCELLED')),
    lines       TEXT    NOT NULL,
    customer    TEXT,
    note        TEXT,
    reason      TEXT,
    received_at TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    updated_by  TEXT,
    seq         INTEGER NOT NULL
);
CREATE INDEX online_orders_status ON online_orders (status, received_at);
