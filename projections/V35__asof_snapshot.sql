-- The as-of view of a request folded up to one of its events (audit/AsOf): an auditor's next call folds only the
-- events after it. Written when a call has folded the request's first events without a gap, never changed (the
-- stored events it was folded from are never changed either), so two nodes writing the same one write the same row.
-- covers_until is the latest time_stamp among the events folded: the snapshot serves an instant only at or after it,
-- so the events after last_sequence up to the instant are exactly what the full fold would add. fold names the
-- revision of the folding code; a snapshot of another revision is not read. It holds what the view holds and no
-- personal data: the view shows none (a citizen is named by reference, their data stays sealed in the events).
CREATE TABLE IF NOT EXISTS asof_snapshot (
    aggregate_identifier VARCHAR(255) NOT NULL,
    fold                 INTEGER      NOT NULL,
    last_sequence        BIGINT       NOT NULL,
    covers_until         TIMESTAMPTZ  NOT NULL,
    facts                TEXT         NOT NULL,
    status               VARCHAR(32),
    assignee_type        VARCHAR(16),
    assignee_id          VARCHAR(255),
    entries              INTEGER      NOT NULL,
    timeline             TEXT         NOT NULL,
    PRIMARY KEY (aggregate_identifier, fold, last_sequence)
);
