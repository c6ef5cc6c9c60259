-- Legal holds: while one is active (not released, not expired) nothing it covers is erased, expired by
-- retention or crypto-shredded. Scope 'user' names a user id, 'conversation' a conversation id (as text).
CREATE TABLE legal_hold (
    id          uuid PRIMARY KEY,
    scope       text        NOT NULL CHECK (scope IN ('user', 'conversation')),
    target      text        NOT NULL,
    authority   text        NOT NULL,
    reference   text        NOT NULL,
    reason      text        NOT NULL,
    expires_at  timestamptz,
    created_by  text        NOT NULL,
    created_at  timestamptz NOT NULL,
    released_at timestamptz,
    released_by text
);
CREATE INDEX legal_hold_active ON legal_hold (scope, target) WHERE released_at IS NULL;
CREATE INDEX legal_hold_by_creation ON legal_hold (created_at DESC, id);

-- Government requests and preservation orders as received, with the deadline the law (or the default) sets
-- for their type and country, fixed when the request is recorded, and what was done about them.
CREATE TABLE government_request (
    id          uuid PRIMARY KEY,
    country     text        NOT NULL,
    authority   text        NOT NULL,
    type        text        NOT NULL CHECK (type IN ('takedown', 'data_request', 'preservation', 'emergency')),
    urgent      boolean     NOT NULL DEFAULT false,
    legal_basis text        NOT NULL,
    reference   text,
    received_at timestamptz NOT NULL,
    deadline    timestamptz NOT NULL,
    deadline_source text    NOT NULL,
    outcome     text        NOT NULL DEFAULT 'pending'
                CHECK (outcome IN ('pending', 'complied', 'partially', 'rejected')),
    outcome_note text,
    decided_at  timestamptz,
    recorded_by text        NOT NULL,
    recorded_at timestamptz NOT NULL
);
CREATE INDEX government_request_by_receipt ON government_request (received_at DESC, id);
