package dev.charter.messaging;

import java.util.UUID;

/** Fired (asynchronously) after a send is committed and acked, for features that count or react to it. */
public record MessageSent(String sender, UUID conversation, long seq) {
}
