package dev.charter.audit;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
public class AuditIT extends AuditTest {}
