-- Retention: messages past their retention are 'expired' (ciphertext dropped; their month keys are
-- crypto-shredded once the author's jurisdiction retention has passed for the whole month).
ALTER TABLE message DROP CONSTRAINT message_state_check;
ALTER TABLE message ADD CONSTRAINT message_state_check
    CHECK (state IN ('visible', 'deleted', 'removed', 'erased', 'expired'));

ALTER TABLE conversation ADD CONSTRAINT conversation_retention_days_check
    CHECK (retention_days IS NULL OR retention_days BETWEEN 1 AND 36500);
CREATE INDEX conversation_with_retention ON conversation (id) WHERE retention_days IS NOT NULL;
CREATE INDEX app_user_by_jurisdiction ON app_user (jurisdiction);

-- Retention shreds per jurisdiction: the ledger subject is the jurisdiction id.
ALTER TABLE shred_ledger DROP CONSTRAINT shred_ledger_scope_check;
ALTER TABLE shred_ledger ADD CONSTRAINT shred_ledger_scope_check CHECK (scope IN ('user', 'before_epoch', 'retention'));
