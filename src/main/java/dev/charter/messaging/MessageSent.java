package dev.charter.messaging;

import java.util.UUID;

/** A send committed and acked, for the features that count or react to it ({@link MessageSentListener}). */
public record MessageSent(String sender, UUID conversation, long seq) {}
