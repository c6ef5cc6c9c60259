package dev.charter.federation;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.UUID;

/** What a host and its replicas say to each other ({@code POST /v1/federation/replicate}, {@code /send}). */
public final class Replication {

    private Replication() {}

    /** A member as the replica records them: where they live, and what decides the law of their data. */
    @RegisterForReflection
    public record Member(String id, String role, String homeRegion, String country, String jurisdiction) {}

    /** The conversation's settings and current members, sent whenever they changed (and first of all). */
    @RegisterForReflection
    public record State(
            String kind,
            String title,
            String directKey,
            boolean e2ee,
            Integer retentionDays,
            String createdBy,
            List<Member> members) {}

    /**
     * A committed message, opened by the host and sealed again by the replica under its own keys. {@code state}
     * is {@code visible}, {@code removed} or {@code erased} (then no text).
     */
    @RegisterForReflection
    public record Message(
            long seq,
            UUID id,
            String sender,
            UUID clientMsgId,
            String text,
            String ciphertext,
            String sentAt,
            String state) {}

    /**
     * What happened after messages were shipped, in the host's order: {@code state} (a message at {@code seq} is now
     * {@code removed}, {@code deleted} or {@code expired}) or {@code read} ({@code user} read up to {@code seq}).
     */
    @RegisterForReflection
    public record Event(long id, String kind, long seq, String user, String state) {}

    @RegisterForReflection
    public record ConversationBatch(UUID id, State state, List<Message> messages, List<Event> events) {}

    @RegisterForReflection
    public record Batch(List<ConversationBatch> conversations) {}

    /**
     * How far the replica now is: every seq up to {@code lastSeq} applied; {@code needState} asks for the state;
     * {@code refused} (otherwise null) says why the replica took nothing of this conversation.
     */
    @RegisterForReflection
    public record Applied(UUID id, long lastSeq, boolean needState, String refused) {
        public Applied(UUID id, long lastSeq, boolean needState) {
            this(id, lastSeq, needState, null);
        }
    }

    @RegisterForReflection
    public record BatchApplied(List<Applied> conversations) {}

    /** A member of a replica sending through the host. */
    @RegisterForReflection
    public record Send(UUID conversation, String sender, UUID clientMsgId, String text, String ciphertext) {}

    /** A member of a replica read up to, or deleted their own message at, {@code seq}. */
    @RegisterForReflection
    public record MemberAction(UUID conversation, String user, long seq) {}

    @RegisterForReflection
    public record SendAck(UUID conversation, UUID clientMsgId, UUID messageId, long seq, String sentAt) {}
}
