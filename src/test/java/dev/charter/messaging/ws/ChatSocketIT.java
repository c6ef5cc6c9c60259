package dev.charter.messaging.ws;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
public class ChatSocketIT extends ChatSocketTest {}
