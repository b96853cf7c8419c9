-- Card refunds the terminal paid out that start-up recovery could not match to their refund or void
-- any more (the sale was voided since, the day closed, …): a manager was alerted; recovery leaves them be.
CREATE TABLE card_refund_alerts (
    card_refund_id TEXT    PRIMARY KEY REFERENCES card_refunds (id),
    seq            INTEGER NOT NULL,
    why            TEXT    NOT NULL,
    raised_at      TEXT    NOT NULL
);
