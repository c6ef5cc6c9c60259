-- SchemaValidationTest only: a migration that drifts from the entity mapping (BreachJurisdiction.reference).
ALTER TABLE breach_jurisdiction RENAME COLUMN reference TO regulator_reference;
