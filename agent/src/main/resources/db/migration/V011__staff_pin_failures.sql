-- Each user's run of wrong PINs since their last accepted PIN, so a lock (5 wrong PINs, 15 minutes)
-- survives a restart of the agent instead of being a way around it. Rows of journals written before
-- this table existed are filled from the journal's own staff entries, exactly as a replay would.
CREATE TABLE staff_pin_failures (
    staff_id  TEXT    PRIMARY KEY,
    failures  INTEGER NOT NULL,
    failed_at TEXT    NOT NULL,
    locked    INTEGER NOT NULL,
    seq       INTEGER NOT NULL
);
INSERT INTO staff_pin_failures (staff_id, failures, failed_at, locked, seq)
SELECT json_extract(j.payload, '$.staffId'), json_extract(j.payload, '$.failures'), json_extract(j.payload, '$.at'),
       json_extract(j.payload, '$.locked'), j.seq
FROM journal j
WHERE j.type = 'staff.login-failed'
  AND j.seq = (SELECT max(k.seq) FROM journal k WHERE k.type IN ('staff.login-failed', 'staff.logged-in')
               AND json_extract(k.payload, '$.staffId') = json_extract(j.payload, '$.staffId'));
