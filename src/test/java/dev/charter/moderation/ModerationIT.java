package dev.charter.moderation;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
public class ModerationIT extends ModerationTest {}
