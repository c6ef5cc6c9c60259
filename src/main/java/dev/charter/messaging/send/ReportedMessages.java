package dev.charter.messaging.send;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.util.UUID;

/**
 * What an author's change to a message means for open reports on it. Owned by the send path, implemented by
 * moderation, which keeps the audit record.
 */
public interface ReportedMessages {

    /**
     * Inside the change's transaction: true when the message has an open report, and then the change
     * ({@code message.edited}, {@code message.unsent}) is audited in that transaction.
     */
    Uni<Boolean> auditIfReported(SqlConnection conn, String author, UUID conversation, long seq, String action);
}
