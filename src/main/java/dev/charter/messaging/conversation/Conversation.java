package dev.charter.messaging.conversation;

import java.util.List;
import java.util.UUID;

/**
 * A conversation as members see it. {@code readSeq} is the caller's own read position; {@code retentionDays}
 * (null: the authors' jurisdiction defaults) can only shorten how long messages are kept.
 */
public record Conversation(
        UUID id,
        String kind,
        String title,
        List<String> members,
        long lastSeq,
        long readSeq,
        boolean e2ee,
        Integer retentionDays) {

    public static final String DIRECT = "direct";
    public static final String GROUP = "group";
}
