-- Envelope encryption: one data-encryption key (DEK) per author per month, stored only wrapped by the
-- region's master key (KMS or local). Crypto-shredding sets wrapped_key to NULL: every copy of the
-- messages it sealed (replicas, snapshots, dumps) becomes unreadable. key_id is the DEK's opaque id; it
-- is what the shred ledger records and what the provider binds the wrapped bytes to.
CREATE TABLE data_key (
    user_id          text        NOT NULL,
    epoch            integer     NOT NULL,            -- yyyymm, UTC
    version          integer     NOT NULL DEFAULT 1,
    key_id           uuid        NOT NULL UNIQUE,
    wrapped_key      bytea,
    provider         text        NOT NULL,
    key_ref          text        NOT NULL,            -- master key id and version the DEK is wrapped under
    created_at       timestamptz NOT NULL DEFAULT now(),
    rewrapped_at     timestamptz,
    destroyed_at     timestamptz,
    destroyed_reason text CHECK (destroyed_reason IN ('erasure', 'retention')),
    PRIMARY KEY (user_id, epoch, version),
    CHECK ((wrapped_key IS NULL) = (destroyed_at IS NOT NULL))
);
-- Rotation walks the live keys not yet wrapped under the current master key, in key_id order.
CREATE INDEX data_key_live_by_ref ON data_key (key_ref, key_id) WHERE destroyed_at IS NULL;
CREATE INDEX data_key_live_by_epoch ON data_key (epoch) WHERE destroyed_at IS NULL;

-- What crypto-shredding destroyed. Opaque ids only: the subject is a SHA-256 digest of the user id. The
-- same entries go to an external append-only sink first (charter.ledger.dir / S3 Object Lock) and are
-- re-applied at start-up, so a restored pre-erasure backup cannot bring the keys back.
CREATE TABLE shred_ledger (
    position     bigint PRIMARY KEY,
    at           timestamptz NOT NULL,
    scope        text        NOT NULL CHECK (scope IN ('user', 'before_epoch')),
    subject      text,
    before_epoch integer,
    key_ids      uuid[]      NOT NULL,
    entry_hash   text        NOT NULL,
    receipt      text          -- the signed deletion receipt (null for entries re-applied from the sink)
);
