-- Devices registered for push, and what push needs to know about presence and throttling.
-- The device token is personal data: it is never logged, never returned by the API, and goes with erasure.
CREATE TABLE push_device (
    user_id      text        NOT NULL REFERENCES app_user (id),
    device_id    text        NOT NULL CHECK (device_id ~ '^[A-Za-z0-9_-]{1,64}$'),
    platform     text        NOT NULL CHECK (platform IN ('apns', 'fcm')),
    token        text        NOT NULL,
    locale       text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_push_at timestamptz,
    PRIMARY KEY (user_id, device_id)
);
CREATE INDEX push_device_by_token ON push_device (platform, token);

-- One row per running instance; a crashed instance stops its heartbeat and its presence rows stop counting.
CREATE TABLE push_instance (
    instance_id  uuid        PRIMARY KEY,
    heartbeat_at timestamptz NOT NULL
);

-- Whether a user has an open WebSocket on an instance, and when that last changed (connect or last disconnect).
CREATE TABLE push_presence (
    user_id     text        NOT NULL,
    instance_id uuid        NOT NULL REFERENCES push_instance (instance_id) ON DELETE CASCADE,
    connected   boolean     NOT NULL,
    changed_at  timestamptz NOT NULL,
    PRIMARY KEY (user_id, instance_id)
);

-- The last push per user and conversation: no second one within charter.push.min-interval while it is unread.
CREATE TABLE push_throttle (
    user_id         text        NOT NULL,
    conversation_id uuid        NOT NULL,
    pushed_seq      bigint      NOT NULL,
    pushed_at       timestamptz NOT NULL,
    PRIMARY KEY (user_id, conversation_id)
);
