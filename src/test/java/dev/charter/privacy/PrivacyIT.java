package dev.charter.privacy;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
public class PrivacyIT extends PrivacyTest {}
