package dev.charter.security;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same checks against the packaged application (prod profile). */
@QuarkusIntegrationTest
class TokenAttackIT extends TokenAttackTest {}
