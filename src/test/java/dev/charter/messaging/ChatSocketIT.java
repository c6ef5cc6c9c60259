package dev.charter.messaging;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
public class ChatSocketIT extends ChatSocketTest {
}
