package dev.charter.messaging.write;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
public class LostConnectionRetryIT extends LostConnectionRetryTest {}
