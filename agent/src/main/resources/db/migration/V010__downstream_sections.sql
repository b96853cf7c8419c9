-- The value in force of each section of HQ's downstream data that the till owns (users, exchange
-- rates), so the branch keeps working with HQ's values after a restart, with or without a link to HQ.
CREATE TABLE downstream_sections (
    name    TEXT    PRIMARY KEY,
    version INTEGER NOT NULL,
    value   TEXT    NOT NULL,
    seq     INTEGER NOT NULL
);
