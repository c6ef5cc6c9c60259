-- Every notification duty of a breach, not only the regulator's: the clocks of the jurisdiction's profile as
-- they stood when the breach was recorded (so a later change to a profile moves no clock already running), and
-- the notices given under each, by clock id. Rows recorded before this migration have no clocks.
ALTER TABLE breach_jurisdiction
    ADD COLUMN clocks        jsonb,
    ADD COLUMN clock_notices jsonb NOT NULL DEFAULT '{}'::jsonb;
