package dev.charter.messaging.ws;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.charter.messaging.Ack;
import dev.charter.messaging.MessageView;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.UUID;

/** Server -> client frames other than {@link MessageView}. Field names are the contract's. */
public final class Frames {

    private Frames() {}

    @RegisterForReflection
    record Welcome(String type, String user, String region, String jurisdiction, List<String> missingConsents) {
        Welcome(String user, String region, String jurisdiction, List<String> missingConsents) {
            this("welcome", user, region, jurisdiction, missingConsents);
        }
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SendAck(
            String type, String ref, UUID conversation, UUID clientMsgId, UUID messageId, long seq, String sentAt) {
        SendAck(String ref, Ack ack) {
            this(
                    "ack",
                    ref,
                    ack.conversation(),
                    ack.clientMsgId(),
                    ack.messageId(),
                    ack.seq(),
                    ack.sentAt().toString());
        }
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Ok(String type, String ref) {
        Ok(String ref) {
            this("ack", ref);
        }
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record History(String type, String ref, UUID conversation, List<MessageView> messages, boolean hasMore) {
        History(String ref, UUID conversation, List<MessageView> messages, boolean hasMore) {
            this("history", ref, conversation, messages, hasMore);
        }
    }

    @RegisterForReflection
    public record Receipt(String type, UUID conversation, String user, long readSeq) {
        public Receipt(UUID conversation, String user, long readSeq) {
            this("receipt", conversation, user, readSeq);
        }
    }

    /** A message its author edited: the latest text (E2EE: ciphertext) for every member's connections. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Edited(
            String type, UUID conversation, long seq, UUID messageId, String text, String ciphertext, String editedAt) {
        public Edited(MessageView view) {
            this(
                    "edited",
                    view.conversation(),
                    view.seq(),
                    view.messageId(),
                    view.text(),
                    view.ciphertext(),
                    view.editedAt());
        }
    }

    /** A message its author unsent: members show it as removed. */
    @RegisterForReflection
    public record Removed(String type, UUID conversation, long seq) {
        public Removed(UUID conversation, long seq) {
            this("removed", conversation, seq);
        }
    }

    @RegisterForReflection
    public record Typing(String type, UUID conversation, String user) {
        public Typing(UUID conversation, String user) {
            this("typing", conversation, user);
        }
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Pong(String type, String ref) {
        Pong(String ref) {
            this("pong", ref);
        }
    }

    /**
     * {@code retryable} (an addition to the contract's fields, present only when true): the server could
     * not do it now (database or key provider unavailable); the same frame may be sent again, a send with
     * the same {@code clientMsgId}, and nothing was stored or acked for it.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Error(String type, String ref, String code, String message, Boolean retryable) {
        Error(String ref, String code, String message) {
            this("error", ref, code, message, null);
        }

        static Error retryable(String ref, String code, String message) {
            return new Error("error", ref, code, message, Boolean.TRUE);
        }
    }
}
