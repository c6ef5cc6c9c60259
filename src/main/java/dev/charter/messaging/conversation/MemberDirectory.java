package dev.charter.messaging.conversation;

import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * Who may be in a conversation hosted here: every member is a user known here or found in another region
 * ({@code 404 unknown_user} otherwise), and each member's data may go to every region that will hold a copy
 * ({@code 422 transfer_not_permitted} otherwise). Owned by conversations, implemented by federation, which
 * answers for this region alone when federation is off.
 */
public interface MemberDirectory {

    /** Completes when all of {@code members} (the owner first) may share a conversation hosted here. */
    Uni<Void> admit(List<String> members);
}
