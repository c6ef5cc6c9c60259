-- Users exist from their first authenticated call (JWT sub). Users from countries this region
-- does not serve are refused before this table is touched, so no row ever names them.
CREATE TABLE app_user (
    id           text PRIMARY KEY,
    country      char(2)     NOT NULL,
    subdivision  text,
    jurisdiction text,
    age_band     text,
    status       text        NOT NULL DEFAULT 'active'
                 CHECK (status IN ('active', 'pending_guardian', 'restricted', 'erased')),
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE conversation (
    id             uuid PRIMARY KEY,
    kind           text        NOT NULL CHECK (kind IN ('direct', 'group')),
    title          text,
    -- 'a|b' with the two user ids sorted; makes a direct conversation unique per pair.
    direct_key     text UNIQUE,
    last_seq       bigint      NOT NULL DEFAULT 0,
    retention_days integer,
    e2ee           boolean     NOT NULL DEFAULT false,
    created_by     text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind = 'direct') = (direct_key IS NOT NULL))
);

CREATE TABLE member (
    conversation_id uuid        NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,
    user_id         text        NOT NULL REFERENCES app_user (id),
    role            text        NOT NULL CHECK (role IN ('owner', 'member')),
    read_seq        bigint      NOT NULL DEFAULT 0,
    joined_at       timestamptz NOT NULL DEFAULT now(),
    left_at         timestamptz,
    PRIMARY KEY (conversation_id, user_id)
);
CREATE INDEX member_by_user ON member (user_id) WHERE left_at IS NULL;

-- Text is never stored in plaintext: ciphertext is AES-256-GCM, bound by its additional data to
-- (conversation_id, seq, sender_id, key_epoch).
CREATE TABLE message (
    conversation_id uuid        NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,
    seq             bigint      NOT NULL,
    id              uuid        NOT NULL UNIQUE,
    sender_id       text        NOT NULL,
    client_msg_id   uuid        NOT NULL,
    key_epoch       integer     NOT NULL,
    key_version     integer     NOT NULL,
    nonce           bytea       NOT NULL,
    ciphertext      bytea       NOT NULL,
    sent_at         timestamptz NOT NULL,
    expires_at      timestamptz,
    state           text        NOT NULL DEFAULT 'visible'
                    CHECK (state IN ('visible', 'deleted', 'removed', 'erased')),
    PRIMARY KEY (conversation_id, seq),
    UNIQUE (sender_id, client_msg_id)
);
