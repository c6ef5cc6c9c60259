package dev.charter.blocking;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
public class BlockIT extends BlockTest {}
