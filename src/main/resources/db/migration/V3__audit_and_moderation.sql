-- ---- Audit: an append-only, hash-chained log ------------------------------------------------------
-- hash = SHA-256(prev_hash || canonical JSON of (seq, at, actor, action, subject, details)), computed by
-- the application (dev.charter.audit.AuditChain) and recomputed by GET /v1/admin/audit/verify.
CREATE TABLE audit_event (
    seq       bigserial   PRIMARY KEY,
    at        timestamptz NOT NULL,
    actor     text        NOT NULL,
    action    text        NOT NULL,
    subject   text,
    details   jsonb       NOT NULL DEFAULT '{}'::jsonb,
    prev_hash text        NOT NULL,
    hash      text        NOT NULL UNIQUE
);
CREATE INDEX audit_event_by_subject ON audit_event (subject, seq);
CREATE INDEX audit_event_by_actor ON audit_event (actor, seq);

-- The chain's head, one row. Appenders lock it FOR UPDATE in their transaction, so concurrent writers on
-- any number of instances append one after another: one chain, never a fork.
CREATE TABLE audit_head (
    id   smallint PRIMARY KEY CHECK (id = 1),
    seq  bigint   NOT NULL,
    hash text     NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, repeat('0', 64));

-- Append-only: the application's role (which owns the table) cannot change or remove a row. Only a
-- deliberate `ALTER TABLE audit_event DISABLE TRIGGER` by the owner gets past it, and verify then names
-- the altered row. (Operators who run migrations as a separate owner role can also REVOKE UPDATE, DELETE.)
CREATE FUNCTION audit_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();

-- Checkpoints shipped to the external append-only sink (charter.ledger.dir / S3 Object Lock).
CREATE TABLE audit_checkpoint (
    upto_seq   bigint      PRIMARY KEY,
    from_seq   bigint      NOT NULL,
    head_hash  text        NOT NULL,
    signature  text        NOT NULL,
    file       text        NOT NULL,
    at         timestamptz NOT NULL DEFAULT now()
);

-- ---- Moderation ------------------------------------------------------------------------------------
-- A report by a member, or a flag raised by the content rules (source 'policy', no reporter).
CREATE TABLE report (
    id              uuid        PRIMARY KEY,
    source          text        NOT NULL DEFAULT 'user' CHECK (source IN ('user', 'policy')),
    reporter_id     text,
    conversation_id uuid        NOT NULL,
    seq             bigint      NOT NULL,
    reported_user   text        NOT NULL,
    reason          text        NOT NULL CHECK (reason IN ('spam', 'harassment', 'illegal', 'other')),
    category        text,
    note            text,
    status          text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    action          text        CHECK (action IN ('remove_message', 'warn', 'suspend', 'dismiss')),
    decision_note   text,
    decided_by      text,
    decided_at      timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CHECK ((source = 'user') = (reporter_id IS NOT NULL))
);
CREATE INDEX report_open ON report (created_at) WHERE status = 'open';
CREATE INDEX report_by_reporter ON report (reporter_id, created_at);

-- Users suspended by a moderator's decision cannot send until `until`.
CREATE TABLE suspension (
    user_id    text        NOT NULL,
    report_id  uuid        NOT NULL REFERENCES report (id),
    until      timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, report_id)
);
CREATE INDEX suspension_by_user ON suspension (user_id, until);

-- A message flagged by the content rules enters the moderator queue once, however often its send is retried.
CREATE UNIQUE INDEX report_policy_once ON report (conversation_id, seq) WHERE source = 'policy';
