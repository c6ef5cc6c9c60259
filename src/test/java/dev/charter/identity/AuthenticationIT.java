package dev.charter.identity;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same refusals, against the packaged application. */
@QuarkusIntegrationTest
public class AuthenticationIT extends AuthenticationTest {}
