package dev.charter.messaging;

import dev.charter.franking.Countersignature;
import dev.charter.franking.Franking;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The franking evidence stored with E2EE messages whose sender committed to the plaintext: read for history and
 * sync of E2EE conversations only, so other reads never touch it.
 */
@Singleton
public class MessageFrankingRepository {

    /** (conversation, seq) of a message. */
    public record Position(UUID conversation, long seq) {}

    private final Pool pool;

    MessageFrankingRepository(Pool pool) {
        this.pool = pool;
    }

    public static MessageView.Franking view(Countersignature signed) {
        return new MessageView.Franking(
                Franking.encode(signed.commitment()), Franking.encode(signed.signature()), signed.keyId());
    }

    /** The evidence of those of {@code messages} that have any. */
    public Uni<Map<Position, MessageView.Franking>> of(List<StoredMessage> messages) {
        UUID[] conversations = new UUID[messages.size()];
        Long[] seqs = new Long[messages.size()];
        for (int i = 0; i < messages.size(); i++) {
            conversations[i] = messages.get(i).conversation();
            seqs[i] = messages.get(i).seq();
        }
        return pool.preparedQuery("SELECT f.conversation_id, f.seq, f.commitment, f.signature, f.key_id"
                        + " FROM unnest($1::uuid[], $2::int8[]) AS k(c, s)"
                        + " JOIN message_franking f ON f.conversation_id = k.c AND f.seq = k.s")
                .execute(Tuple.of(conversations, seqs))
                .map(rows -> {
                    Map<Position, MessageView.Franking> found = new HashMap<>();
                    for (Row row : rows) {
                        found.put(
                                new Position(row.getUUID(0), row.getLong(1)),
                                view(new Countersignature(
                                        row.getBuffer(2).getBytes(),
                                        row.getBuffer(3).getBytes(),
                                        row.getString(4))));
                    }
                    return found;
                });
    }
}
