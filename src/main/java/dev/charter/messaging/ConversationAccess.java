package dev.charter.messaging;

import java.util.Set;
import java.util.UUID;

/**
 * What the send and delivery paths need to know about a conversation. {@code hostRegion} is null when this
 * region hosts it; otherwise this is a replica and sends go to the host. {@code direct}: a conversation of
 * exactly two users, where blocks apply to sends.
 */
public record ConversationAccess(UUID id, boolean e2ee, Set<String> members, String hostRegion, boolean direct) {

    public ConversationAccess(UUID id, boolean e2ee, Set<String> members) {
        this(id, e2ee, members, null, false);
    }

    public ConversationAccess(UUID id, boolean e2ee, Set<String> members, String hostRegion) {
        this(id, e2ee, members, hostRegion, false);
    }

    public boolean hostedHere() {
        return hostRegion == null;
    }

    /** In a direct conversation, the member who is not {@code user}; null otherwise. */
    public String otherMember(String user) {
        if (!direct) {
            return null;
        }
        for (String member : members) {
            if (!member.equals(user)) {
                return member;
            }
        }
        return null;
    }
}
