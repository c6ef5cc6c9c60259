package dev.charter.push;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Who gets a push for a committed message, decided and claimed in one statement so two messages racing for the
 * same user and conversation push once. Reads the read positions of {@code member} (messaging's table, read
 * only): a push is for an unread message, and reading resets the interval.
 */
@Singleton
public class PushTargetRepository {

    private final Pool pool;

    PushTargetRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * The devices of the members to push for {@code seq}: not the sender, not read yet, with no open WebSocket on
     * a live instance and none opened or closed since the message was sent (they have it), and no push for this
     * conversation within the interval unless they read it or connected since. Claims the push for each.
     */
    Uni<List<PushTarget>> claim(
            UUID conversation,
            String sender,
            long seq,
            Instant sentAt,
            Instant now,
            Instant liveAfter,
            Instant throttledAfter) {
        return pool.preparedQuery("""
                        WITH candidates AS (
                            SELECT m.user_id, m.read_seq FROM member m
                             WHERE m.conversation_id = $1 AND m.left_at IS NULL AND m.user_id <> $2 AND m.read_seq < $3
                               AND EXISTS (SELECT 1 FROM push_device d WHERE d.user_id = m.user_id)
                               AND NOT EXISTS (
                                   SELECT 1 FROM push_presence p JOIN push_instance i ON i.instance_id = p.instance_id
                                    WHERE p.user_id = m.user_id AND i.heartbeat_at > $6
                                      AND (p.connected OR p.changed_at >= $4))
                        ), claimed AS (
                            INSERT INTO push_throttle AS t (user_id, conversation_id, pushed_seq, pushed_at)
                            SELECT user_id, $1, $3, $5 FROM candidates
                            ON CONFLICT (user_id, conversation_id) DO UPDATE
                               SET pushed_seq = EXCLUDED.pushed_seq, pushed_at = EXCLUDED.pushed_at
                             WHERE t.pushed_at <= $7
                                OR t.pushed_seq <= (SELECT c.read_seq FROM candidates c WHERE c.user_id = t.user_id)
                                OR EXISTS (SELECT 1 FROM push_presence p
                                            WHERE p.user_id = t.user_id AND p.changed_at > t.pushed_at)
                            RETURNING t.user_id
                        )
                        SELECT d.user_id, d.device_id, d.platform, d.token
                          FROM push_device d JOIN claimed c ON c.user_id = d.user_id""")
                .execute(Tuple.tuple(List.of(
                        conversation,
                        sender,
                        seq,
                        PresenceRepository.utc(sentAt),
                        PresenceRepository.utc(now),
                        PresenceRepository.utc(liveAfter),
                        PresenceRepository.utc(throttledAfter))))
                .map(rows -> {
                    List<PushTarget> targets = new ArrayList<>();
                    for (Row row : rows) {
                        targets.add(new PushTarget(
                                row.getString("user_id"),
                                row.getString("device_id"),
                                row.getString("platform"),
                                row.getString("token")));
                    }
                    return targets;
                });
    }
}
