-- Breach register: the documentation GDPR Art. 33(5) requires (facts, effects, remedial action) and the
-- regulator-notification deadline per affected jurisdiction, fixed when the breach is recorded so a later
-- change to a profile does not move a deadline already running.
CREATE TABLE breach (
    id              uuid PRIMARY KEY,
    title           text        NOT NULL,
    description     text,
    detected_at     timestamptz NOT NULL,
    occurred_at     timestamptz,
    data_categories text[]      NOT NULL,
    -- The query the affected users were resolved from, or null when they were named one by one.
    affected_query  jsonb,
    recorded_by     text        NOT NULL,
    recorded_at     timestamptz NOT NULL
);
CREATE INDEX breach_by_detection ON breach (detected_at DESC);

-- One row per affected jurisdiction ('unassigned' for users whose country has no profile). deadline is null
-- where the law names no hours ("without undue delay"); source quotes the statute either way.
CREATE TABLE breach_jurisdiction (
    breach_id     uuid        NOT NULL REFERENCES breach (id) ON DELETE CASCADE,
    jurisdiction  text        NOT NULL,
    window_hours  integer,
    deadline      timestamptz,
    source        text        NOT NULL,
    -- Erased users are counted, never named: nothing personal about them is stored again.
    erased_count  integer     NOT NULL DEFAULT 0,
    notified_at   timestamptz,
    notified_by   text,
    reference     text,
    PRIMARY KEY (breach_id, jurisdiction)
);
CREATE INDEX breach_jurisdiction_pending ON breach_jurisdiction (deadline) WHERE notified_at IS NULL;

-- The affected users, with the jurisdiction that governed them when the breach was recorded.
CREATE TABLE breach_user (
    breach_id    uuid NOT NULL,
    user_id      text NOT NULL REFERENCES app_user (id),
    jurisdiction text NOT NULL,
    PRIMARY KEY (breach_id, user_id),
    -- Deferred: the users are selected and tallied in one statement (one snapshot), and the jurisdiction rows
    -- written from that tally afterwards, in the same transaction.
    FOREIGN KEY (breach_id, jurisdiction) REFERENCES breach_jurisdiction (breach_id, jurisdiction) ON DELETE CASCADE
        DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX breach_user_by_user ON breach_user (user_id);
