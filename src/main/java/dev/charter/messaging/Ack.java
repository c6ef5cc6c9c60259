package dev.charter.messaging;

import java.time.Instant;
import java.util.UUID;

/** What a committed send is acknowledged with; the same for every retry of the same clientMsgId. */
public record Ack(UUID conversation, UUID clientMsgId, UUID messageId, long seq, Instant sentAt) {}
