package dev.charter.messaging;

import dev.charter.crypto.SealedText;
import java.time.Instant;
import java.util.UUID;

/** A message row as stored: the body only sealed. */
public record StoredMessage(
        UUID conversation,
        long seq,
        UUID id,
        String sender,
        UUID clientMsgId,
        SealedText body,
        Instant sentAt,
        String state) {}
