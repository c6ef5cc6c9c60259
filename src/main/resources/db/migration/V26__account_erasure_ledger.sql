-- The shred ledger also records that an account was erased (scope 'account', the subject digest, no key ids), so
-- a database restored from a backup taken before an erasure erases the account again at start-up, not only its
-- keys: tokens for that sub are refused with 403 erased, as before the restore.
ALTER TABLE shred_ledger DROP CONSTRAINT shred_ledger_scope_check;
ALTER TABLE shred_ledger ADD CONSTRAINT shred_ledger_scope_check
    CHECK (scope IN ('user', 'before_epoch', 'retention', 'account'));
