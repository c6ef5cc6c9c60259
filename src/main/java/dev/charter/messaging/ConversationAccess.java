package dev.charter.messaging;

import java.util.Set;
import java.util.UUID;

/**
 * What the send and delivery paths need to know about a conversation. {@code hostRegion} is null when this
 * region hosts it; otherwise this is a replica and sends go to the host.
 */
public record ConversationAccess(UUID id, boolean e2ee, Set<String> members, String hostRegion) {

    public ConversationAccess(UUID id, boolean e2ee, Set<String> members) {
        this(id, e2ee, members, null);
    }

    public boolean hostedHere() {
        return hostRegion == null;
    }
}
