package dev.charter.messaging.write;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
public class GroupCommitIT extends GroupCommitTest {}
