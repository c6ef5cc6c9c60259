package dev.charter.messaging.conversation;

import dev.charter.blocking.BlockService;
import dev.charter.common.Cursor;
import dev.charter.common.ErrorCodes;
import dev.charter.common.PageOf;
import dev.charter.common.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Creating conversations and managing their members. */
@ApplicationScoped
public class ConversationService {

    static final int MAX_GROUP_MEMBERS = 1_000;
    static final int MAX_RETENTION_DAYS = 36_500;
    /** Characters of a title: enough for any name, too few to carry a payload to every member's list. */
    static final int MAX_TITLE_CHARS = 200;

    private final ConversationRepository conversations;
    private final MemberDirectory directory;
    private final BlockService blocks;
    private final E2eePermission e2eePermission;
    private final MembershipCache membership;

    ConversationService(
            ConversationRepository conversations,
            MemberDirectory directory,
            BlockService blocks,
            E2eePermission e2eePermission,
            MembershipCache membership) {
        this.membership = membership;
        this.conversations = conversations;
        this.directory = directory;
        this.blocks = blocks;
        this.e2eePermission = e2eePermission;
    }

    public record Created(Conversation conversation, boolean created) {}

    /** A direct conversation is unique per pair: asking again returns the existing one. */
    public Uni<Created> create(
            String creator, String kind, String title, List<String> members, boolean e2ee, Integer retentionDays) {
        requireValidRetention(retentionDays);
        if (title != null && title.length() > MAX_TITLE_CHARS) {
            throw ProblemException.badRequest("'title' is at most " + MAX_TITLE_CHARS + " characters.");
        }
        Set<String> others = new LinkedHashSet<>(members);
        others.remove(creator);
        String directKey;
        if (Conversation.DIRECT.equals(kind)) {
            if (others.size() != 1 || members.size() != 1) {
                throw ProblemException.unprocessable("A direct conversation has exactly one other member.");
            }
            String other = others.iterator().next();
            directKey = DirectKey.of(creator, other);
        } else if (Conversation.GROUP.equals(kind)) {
            if (others.size() + 1 > MAX_GROUP_MEMBERS) {
                throw ProblemException.unprocessable("A group has at most " + MAX_GROUP_MEMBERS + " members.");
            }
            directKey = null;
        } else {
            throw ProblemException.badRequest("'kind' must be 'direct' or 'group'.");
        }
        List<String> otherList = new ArrayList<>(others);
        List<String> everyone = new ArrayList<>();
        everyone.add(creator);
        everyone.addAll(otherList);
        return directory
                .admit(everyone)
                .flatMap(ignored -> blocks.requireNoneBlocks(otherList, creator))
                .flatMap(ignored -> e2ee
                        ? e2eePermission.requirePermitted(everyone)
                        : Uni.createFrom().voidItem())
                .flatMap(ignored ->
                        conversations.create(kind, title, directKey, e2ee, retentionDays, creator, otherList))
                .flatMap(created -> conversations
                        .findForMember(created.id(), creator)
                        .map(found -> new Created(found.orElseThrow(), created.created())));
    }

    /** Erasure: the user leaves every conversation; their messages stay, unreadable, shown as erased. */
    public Uni<Void> removeFromAll(String user) {
        return conversations.removeEverywhere(user);
    }

    public Uni<List<Conversation>> list(String user) {
        return conversations.listForMember(user);
    }

    /** Up to {@code limit} conversations after {@code after} (null: from the first), oldest first. */
    public Uni<PageOf<Conversation>> list(String user, int limit, Cursor after) {
        return conversations
                .listPageForMember(
                        user, after == null ? null : after.at(), after == null ? null : after.id(), limit + 1)
                .map(rows -> PageOf.of(
                        rows,
                        limit,
                        row -> Cursor.after(row.createdAt(), row.conversation().id())))
                .map(page -> new PageOf<>(
                        page.items().stream()
                                .map(ConversationRepository.Listed::conversation)
                                .toList(),
                        page.next()));
    }

    /**
     * Leaves a group; the caller's messages stay for the others. A direct conversation cannot be left (409), nor,
     * yet, a conversation another region hosts (409: its membership changes there).
     */
    public Uni<Void> leave(String caller, UUID conversation) {
        return requireMembership(conversation, caller).flatMap(found -> {
            if (Conversation.DIRECT.equals(found.conversation().kind())) {
                throw new ProblemException(409, ErrorCodes.CONFLICT, "A direct conversation cannot be left.");
            }
            return conversations
                    .access(conversation)
                    .flatMap(access -> {
                        if (access.isPresent() && !access.get().hostedHere()) {
                            throw new ProblemException(
                                    409,
                                    ErrorCodes.CONFLICT,
                                    "This conversation is hosted in "
                                            + access.get().hostRegion()
                                            + "; leaving a conversation hosted in another region is not supported yet.");
                        }
                        return conversations.leave(conversation, caller);
                    })
                    .invoke(left -> {
                        if (!left) {
                            throw ProblemException.notFound("No such conversation.");
                        }
                        // Every instance drops it when the announcement arrives; this one at once.
                        membership.invalidate(conversation);
                    })
                    .replaceWithVoid();
        });
    }

    /** Owner only. Adding someone already in is a no-op. */
    public Uni<Void> addMember(String caller, UUID conversation, String newMember) {
        return requireMembership(conversation, caller).flatMap(found -> {
            if (!"owner".equals(found.role())) {
                throw ProblemException.forbidden("Only the conversation's owner adds members.");
            }
            if (Conversation.DIRECT.equals(found.conversation().kind())) {
                throw new ProblemException(
                        422,
                        ErrorCodes.UNPROCESSABLE,
                        "A direct conversation cannot take more members; create a group.");
            }
            if (found.conversation().members().size() >= MAX_GROUP_MEMBERS) {
                throw ProblemException.unprocessable("A group has at most " + MAX_GROUP_MEMBERS + " members.");
            }
            List<String> everyone = new ArrayList<>(found.conversation().members());
            everyone.remove(caller);
            everyone.add(0, caller);
            everyone.add(newMember);
            boolean e2ee = found.conversation().e2ee();
            return requireHostedHere(conversation)
                    .flatMap(ignored -> directory.admit(everyone))
                    .flatMap(ignored -> blocks.requireNoneBlocks(List.of(newMember), caller))
                    .flatMap(ignored -> e2ee
                            ? e2eePermission.requirePermitted(everyone)
                            : Uni.createFrom().voidItem())
                    .flatMap(ignored -> conversations.addMember(conversation, newMember));
        });
    }

    /**
     * Owner only (either member of a direct conversation): messages older than {@code days} expire at the
     * next retention sweep; null returns to the authors' jurisdiction defaults.
     */
    public Uni<Conversation> setRetention(String caller, UUID conversation, Integer days) {
        requireValidRetention(days);
        return requireMembership(conversation, caller).flatMap(found -> {
            if (Conversation.GROUP.equals(found.conversation().kind()) && !"owner".equals(found.role())) {
                throw ProblemException.forbidden("Only the conversation's owner sets its retention.");
            }
            return requireHostedHere(conversation)
                    .flatMap(ignored -> conversations.setRetention(conversation, days))
                    .flatMap(ignored -> conversations.findForMember(conversation, caller))
                    .map(Optional::orElseThrow);
        });
    }

    /** Members and settings of a conversation another region hosts change there, never in a replica. */
    private Uni<Void> requireHostedHere(UUID conversation) {
        return conversations
                .access(conversation)
                .invoke(access -> {
                    if (access.isPresent() && !access.get().hostedHere()) {
                        throw new ProblemException(
                                409,
                                ErrorCodes.CONFLICT,
                                "This conversation is hosted in " + access.get().hostRegion()
                                        + "; its members and settings change there.");
                    }
                })
                .replaceWithVoid();
    }

    private static void requireValidRetention(Integer days) {
        if (days != null && (days < 1 || days > MAX_RETENTION_DAYS)) {
            throw ProblemException.unprocessable("'retentionDays' must be between 1 and " + MAX_RETENTION_DAYS + ".");
        }
    }

    private record Membership(Conversation conversation, String role) {}

    /** Non-members get the same 404 as for a conversation that does not exist: ids are not probed. */
    private Uni<Membership> requireMembership(UUID conversation, String user) {
        return conversations.findForMember(conversation, user).flatMap(found -> {
            if (found.isEmpty()) {
                throw ProblemException.notFound("No such conversation.");
            }
            return conversations
                    .roleOf(conversation, user)
                    .map(role -> new Membership(found.get(), role.orElseThrow()));
        });
    }
}
