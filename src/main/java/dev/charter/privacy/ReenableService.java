package dev.charter.privacy;

import dev.charter.audit.AuditLog;
import dev.charter.common.ErrorCodes;
import dev.charter.common.ProblemException;
import dev.charter.crypto.CryptoShredder;
import dev.charter.identity.UserService;
import dev.charter.identity.UserStatus;
import dev.charter.messaging.expiry.MessageExpiry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * The operator lets an erased id in again (CONTRACT: "until the operator re-enables the id"), say when an
 * identity provider reassigns it. Nothing erased comes back: the old messages are marked erased for good
 * and lose their ciphertext, the destroyed key rows go (the shred ledger keeps their ids), and the id starts
 * afresh at its next call, with new keys and no consents.
 */
@ApplicationScoped
public class ReenableService {

    private static final int BATCH = 1_000;

    private final UserService users;
    private final MessageExpiry messages;
    private final CryptoShredder shredder;
    private final AuditLog audit;

    ReenableService(UserService users, MessageExpiry messages, CryptoShredder shredder, AuditLog audit) {
        this.users = users;
        this.messages = messages;
        this.shredder = shredder;
        this.audit = audit;
    }

    public Uni<Void> reenable(String operator, String userId, String reason) {
        return users.find(userId).flatMap(found -> {
            if (found.isEmpty()) {
                throw ProblemException.notFound("No such user.");
            }
            if (found.get().status() != UserStatus.ERASED) {
                throw new ProblemException(409, ErrorCodes.CONFLICT, "Only an erased id can be re-enabled.");
            }
            return messages.markAuthorErased(userId, BATCH)
                    .flatMap(erasedMessages -> shredder.forgetDestroyedKeys(userId)
                            .flatMap(forgottenKeys -> users.reenable(userId)
                                    .call(ignored -> audit.record(
                                            operator,
                                            "user.reenabled",
                                            userId,
                                            Map.of(
                                                    "reason",
                                                    reason,
                                                    "messagesKeptErased",
                                                    erasedMessages,
                                                    "destroyedKeysForgotten",
                                                    forgottenKeys)))))
                    .replaceWithVoid();
        });
    }
}
