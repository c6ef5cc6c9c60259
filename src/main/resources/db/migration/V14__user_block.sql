-- Who blocked whom. A blocked user cannot send into a direct conversation with the blocker, open one with them,
-- or add them to a group. Rows of an erased user go with the erasure, in both directions.
CREATE TABLE user_block (
    blocker_id text        NOT NULL REFERENCES app_user (id),
    blocked_id text        NOT NULL REFERENCES app_user (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (blocker_id, blocked_id),
    CHECK (blocker_id <> blocked_id)
);
CREATE INDEX user_block_by_blocked ON user_block (blocked_id);
