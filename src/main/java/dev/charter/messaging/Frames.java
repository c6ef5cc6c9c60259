package dev.charter.messaging;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.UUID;

/** Server -> client frames other than {@link MessageView}. Field names are the contract's. */
final class Frames {

    private Frames() {
    }

    record Welcome(String type, String user, String region, String jurisdiction, List<String> missingConsents) {
        Welcome(String user, String region, String jurisdiction, List<String> missingConsents) {
            this("welcome", user, region, jurisdiction, missingConsents);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SendAck(String type, String ref, UUID conversation, UUID clientMsgId, UUID messageId, long seq,
            String sentAt) {
        SendAck(String ref, Ack ack) {
            this("ack", ref, ack.conversation(), ack.clientMsgId(), ack.messageId(), ack.seq(),
                    ack.sentAt().toString());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Ok(String type, String ref) {
        Ok(String ref) {
            this("ack", ref);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record History(String type, String ref, UUID conversation, List<MessageView> messages, boolean hasMore) {
        History(String ref, UUID conversation, List<MessageView> messages, boolean hasMore) {
            this("history", ref, conversation, messages, hasMore);
        }
    }

    record Receipt(String type, UUID conversation, String user, long readSeq) {
        Receipt(UUID conversation, String user, long readSeq) {
            this("receipt", conversation, user, readSeq);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Pong(String type, String ref) {
        Pong(String ref) {
            this("pong", ref);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Error(String type, String ref, String code, String message) {
        Error(String ref, String code, String message) {
            this("error", ref, code, message);
        }
    }
}
