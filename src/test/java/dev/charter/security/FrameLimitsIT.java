package dev.charter.security;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same checks against the packaged application (prod profile). */
@QuarkusIntegrationTest
class FrameLimitsIT extends FrameLimitsTest {}
