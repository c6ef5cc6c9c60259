package dev.charter.jurisdiction;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
public class ResidencyIT extends ResidencyTest {}
