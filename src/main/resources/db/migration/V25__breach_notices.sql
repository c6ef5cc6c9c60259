-- Notices to affected individuals (GDPR Art. 34, Cal. Civ. Code 1798.82, ...): one row per user each time a clock
-- whose audience is individuals is recorded as notified. The row is the proof the notice was given and what it
-- said; it is delivered in-app as a breach_notice frame (delivered_at: when it went to the user's open
-- connections, at once or at their next connection) and appears in the user's export.
CREATE TABLE breach_notice (
    breach_id    uuid        NOT NULL,
    jurisdiction text        NOT NULL,
    clock        text        NOT NULL,
    user_id      text        NOT NULL REFERENCES app_user (id),
    notice       text        NOT NULL,
    notified_at  timestamptz NOT NULL,
    delivered_at timestamptz,
    PRIMARY KEY (breach_id, clock, user_id),
    FOREIGN KEY (breach_id, jurisdiction) REFERENCES breach_jurisdiction (breach_id, jurisdiction) ON DELETE CASCADE
);
CREATE INDEX breach_notice_undelivered ON breach_notice (user_id) WHERE delivered_at IS NULL;
CREATE INDEX breach_notice_by_user ON breach_notice (user_id, notified_at);
