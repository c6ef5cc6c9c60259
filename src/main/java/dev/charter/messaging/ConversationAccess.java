package dev.charter.messaging;

import java.util.Set;
import java.util.UUID;

/** What the send and delivery paths need to know about a conversation. */
public record ConversationAccess(UUID id, boolean e2ee, Set<String> members) {}
