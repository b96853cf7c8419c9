-- POS screens paired with the box over the LAN. Only a SHA-256 of each bearer token is kept; a
-- revoked screen stays listed (revoked_at set) so its entries keep a name. Projection of journal entries.
CREATE TABLE screens (
    id           TEXT    PRIMARY KEY,
    seq          INTEGER NOT NULL,
    name         TEXT    NOT NULL,
    token_sha256 TEXT    NOT NULL UNIQUE,
    paired_at    TEXT    NOT NULL,
    paired_from  TEXT    NOT NULL,
    revoked_at   TEXT,
    revoked_by   TEXT
);
