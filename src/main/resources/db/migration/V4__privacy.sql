-- Consent history: append-only; the latest row per (user, purpose) is the state. Kept as evidence of
-- what the user agreed to, in which version and language (GDPR Art. 7(1): the controller must be able to
-- demonstrate consent).
CREATE TABLE consent (
    id             bigserial PRIMARY KEY,
    user_id        text        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    purpose        text        NOT NULL,
    status         text        NOT NULL CHECK (status IN ('granted', 'withdrawn')),
    policy_version text        NOT NULL,
    locale         text        NOT NULL,
    at             timestamptz NOT NULL DEFAULT now(),
    source         text        NOT NULL
);
CREATE INDEX consent_by_user ON consent (user_id, purpose, id DESC);

-- Data subject rights requests with their legal deadline.
CREATE TABLE privacy_request (
    id             uuid PRIMARY KEY,
    user_id        text        NOT NULL,
    type           text        NOT NULL CHECK (type IN ('access', 'portability', 'erasure', 'rectification',
                                                        'restriction', 'objection')),
    jurisdiction   text,
    status         text        NOT NULL DEFAULT 'received'
                   CHECK (status IN ('received', 'in_progress', 'completed', 'rejected')),
    details        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    received_at    timestamptz NOT NULL,
    due_at         timestamptz NOT NULL,
    extended_until timestamptz,
    extension_reason text,
    completed_at   timestamptz,
    note           text
);
CREATE INDEX privacy_request_by_user ON privacy_request (user_id, received_at);
CREATE INDEX privacy_request_open ON privacy_request (due_at) WHERE status IN ('received', 'in_progress');

-- Minors: the guardian named by the child's token, and the approval that activates the child.
ALTER TABLE app_user ADD COLUMN guardian_id text;
ALTER TABLE app_user ADD COLUMN guardian_approved_at timestamptz;
ALTER TABLE app_user ADD COLUMN guardian_evidence text;

-- Usage analytics: recorded only for users who granted the 'analytics' purpose.
CREATE TABLE analytics_event (
    id      bigserial PRIMARY KEY,
    user_id text        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    kind    text        NOT NULL,
    at      timestamptz NOT NULL DEFAULT now()
);

-- Exports walk a user's authored messages in (conversation, seq) order.
CREATE INDEX message_by_sender ON message (sender_id, conversation_id, seq);
