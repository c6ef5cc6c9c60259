package dev.charter.messaging.conversation;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
public class ConversationPagingIT extends ConversationPagingTest {}
