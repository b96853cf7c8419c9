-- A print job prints a document: a sale's receipt as before, an X or Z report, or a refund or void
-- slip. SQLite cannot relax NOT NULL in place, so the table is rebuilt: every existing job becomes a
-- SALE job of its sale. An X report is not kept anywhere else, so its job carries what it printed.
CREATE TABLE print_jobs_v7 (
    id            TEXT    PRIMARY KEY,
    seq           INTEGER NOT NULL,
    queued_seq    INTEGER NOT NULL,
    document_kind TEXT    NOT NULL CHECK (document_kind IN ('SALE', 'X', 'Z', 'REFUND')),
    document_id   TEXT    NOT NULL,
    sale_id       TEXT    REFERENCES sales (id),
    content       TEXT,
    kind          TEXT    NOT NULL CHECK (kind IN ('ORIGINAL', 'COPY')),
    status        TEXT    NOT NULL CHECK (status IN ('QUEUED', 'PRINTING', 'PRINTED')),
    attempts      INTEGER NOT NULL,
    queued_at     TEXT    NOT NULL,
    last_error    TEXT,
    CHECK ((document_kind = 'SALE') = (sale_id IS NOT NULL AND sale_id = document_id)),
    CHECK ((document_kind = 'X') = (content IS NOT NULL))
);
INSERT INTO print_jobs_v7 (id, seq, queued_seq, document_kind, document_id, sale_id, content, kind, status, attempts,
                           queued_at, last_error)
SELECT id, seq, queued_seq, 'SALE', sale_id, sale_id, NULL, kind, status, attempts, queued_at, last_error
FROM print_jobs;
DROP TABLE print_jobs;
ALTER TABLE print_jobs_v7 RENAME TO print_jobs;
CREATE INDEX print_jobs_pending ON print_jobs (status, queued_seq);
CREATE INDEX print_jobs_document ON print_jobs (document_kind, document_id);
