-- Where a user's age came from, and the birthdate it established (kept so the guardian link can end at the
-- child's majority without waiting for the child's next token). Unknown age is recorded as such, not as adult.
ALTER TABLE app_user ADD COLUMN birthdate date;
ALTER TABLE app_user ADD COLUMN age_source text
    CHECK (age_source IN ('birthdate', 'guardian_attestation', 'self_declared', 'unknown'));
ALTER TABLE app_user DROP CONSTRAINT IF EXISTS app_user_age_band_check;
ALTER TABLE app_user ADD CONSTRAINT app_user_age_band_check CHECK (age_band IN ('minor', 'adult', 'unknown'));
