package dev.charter.federation;

import dev.charter.messaging.FanoutChannel;
import dev.charter.messaging.MessageRepository;
import dev.charter.messaging.StoredMessage;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL of replication: the host's cursors per replica, and a replica's copy of a conversation hosted elsewhere. */
@ApplicationScoped
public class ReplicaRepository {

    static final String WAKE_CHANNEL = "charter_federation";

    private final Pool pool;
    private final MessageRepository messages;

    ReplicaRepository(Pool pool, MessageRepository messages) {
        this.pool = pool;
        this.messages = messages;
    }

    /** A replica that is behind: messages after {@code shippedSeq} up to {@code lastSeq}, or its state. */
    public record Cursor(
            UUID conversation,
            String region,
            long shippedSeq,
            boolean stateShipped,
            long stateVersion,
            long lastSeq,
            long eventsShipped) {}

    /** Host: replicas behind, at most {@code limit}, grouped by region. */
    public Uni<List<Cursor>> behind(int limit) {
        return pool.preparedQuery("""
                SELECT rc.conversation_id, rc.region, rc.shipped_seq, rc.state_shipped, rc.state_version, c.last_seq,
                       rc.events_shipped
                  FROM replica_cursor rc JOIN conversation c ON c.id = rc.conversation_id
                 WHERE c.host_region IS NULL
                   AND (NOT rc.state_shipped OR rc.shipped_seq < c.last_seq
                        OR EXISTS (SELECT 1 FROM replica_event e
                                    WHERE e.conversation_id = rc.conversation_id AND e.id > rc.events_shipped))
                 ORDER BY rc.region, rc.conversation_id LIMIT $1""").execute(Tuple.of(limit)).map(rows -> {
            List<Cursor> cursors = new ArrayList<>();
            rows.forEach(r -> cursors.add(new Cursor(
                    r.getUUID(0),
                    r.getString(1),
                    r.getLong(2),
                    r.getBoolean(3),
                    r.getLong(4),
                    r.getLong(5),
                    r.getLong(6))));
            return cursors;
        });
    }

    /** Host: the conversation's settings and current members, as a replica records them. */
    public Uni<Optional<Replication.State>> state(UUID conversation, String self) {
        return pool.preparedQuery("""
                SELECT c.kind, c.title, c.direct_key, c.e2ee, c.retention_days, c.created_by,
                       m.user_id, m.role, COALESCE(u.home_region, $2), u.country, u.jurisdiction
                  FROM conversation c
                  JOIN member m ON m.conversation_id = c.id AND m.left_at IS NULL
                  JOIN app_user u ON u.id = m.user_id
                 WHERE c.id = $1 ORDER BY m.joined_at, m.user_id""").execute(Tuple.of(conversation, self)).map(rows -> {
            List<Replication.Member> members = new ArrayList<>();
            Row first = null;
            for (Row r : rows) {
                first = first == null ? r : first;
                members.add(new Replication.Member(
                        r.getString(6), r.getString(7), r.getString(8), r.getString(9), r.getString(10)));
            }
            if (first == null) {
                return Optional.empty();
            }
            return Optional.of(new Replication.State(
                    first.getString(0),
                    first.getString(1),
                    first.getString(2),
                    first.getBoolean(3),
                    first.getInteger(4),
                    first.getString(5),
                    members));
        });
    }

    /**
     * Host: what the replica reported. The state counts as shipped only when it was sent, accepted, and no
     * change came in meanwhile ({@code state_version} unchanged).
     */
    public Uni<Void> advance(
            UUID conversation,
            String region,
            long appliedSeq,
            Long shippedStateVersion,
            boolean needState,
            long eventsShipped) {
        return pool.preparedQuery("""
                UPDATE replica_cursor SET shipped_seq = $3, events_shipped = GREATEST(events_shipped, $6),
                       state_shipped = CASE WHEN $5 THEN false
                                            WHEN $4::int8 IS NOT NULL AND state_version = $4 THEN true
                                            ELSE state_shipped END
                 WHERE conversation_id = $1 AND region = $2""")
                .execute(Tuple.from(
                        Arrays.asList(conversation, region, appliedSeq, shippedStateVersion, needState, eventsShipped)))
                .replaceWithVoid();
    }

    /** Host: what happened in the conversation after event {@code afterId}, oldest first. */
    public Uni<List<Replication.Event>> eventsAfter(UUID conversation, long afterId, int limit) {
        return pool.preparedQuery("""
                SELECT id, kind, seq, user_id, state FROM replica_event
                 WHERE conversation_id = $1 AND id > $2 ORDER BY id LIMIT $3""")
                .execute(Tuple.of(conversation, afterId, limit))
                .map(rows -> {
                    List<Replication.Event> events = new ArrayList<>();
                    rows.forEach(r -> events.add(new Replication.Event(
                            r.getLong(0), r.getString(1), r.getLong(2), r.getString(3), r.getString(4))));
                    return events;
                });
    }

    /** Replica: the region hosting the conversation (this one: empty string), empty when unknown here. */
    public Uni<Optional<String>> hostOf(UUID conversation) {
        return pool.preparedQuery("SELECT COALESCE(host_region, '') FROM conversation WHERE id = $1")
                .execute(Tuple.of(conversation))
                .map(rows -> rows.iterator().hasNext()
                        ? Optional.of(rows.iterator().next().getString(0))
                        : Optional.empty());
    }

    /**
     * Replica, in one transaction: records the state (when given), then the messages that follow the last applied
     * seq without a gap; the rest are left for the host to send again. Members hear of both through the fan-out
     * channel when it commits. Returns the last applied seq.
     */
    public Uni<Long> apply(
            UUID conversation,
            String host,
            Replication.State state,
            List<StoredMessage> copies,
            List<String> hiddenStates,
            List<Replication.Event> events,
            String nodeId) {
        return pool.withTransaction(conn -> (state == null
                        ? Uni.createFrom().voidItem()
                        : applyState(conn, conversation, host, state))
                .flatMap(ignored -> conn.preparedQuery("SELECT last_seq FROM conversation WHERE id = $1 FOR UPDATE")
                        .execute(Tuple.of(conversation)))
                .flatMap(rows -> {
                    long last = rows.iterator().next().getLong(0);
                    List<StoredMessage> next = new ArrayList<>();
                    List<Long> hidden = new ArrayList<>();
                    List<String> hiddenAs = new ArrayList<>();
                    long expected = last + 1;
                    for (int i = 0; i < copies.size(); i++) {
                        StoredMessage message = copies.get(i);
                        if (message.seq() < expected) {
                            continue; // applied before: a batch sent again
                        }
                        if (message.seq() > expected) {
                            break; // a gap: wait for the host to send what is missing
                        }
                        next.add(message);
                        if (hiddenStates.get(i) != null) {
                            hidden.add(message.seq());
                            hiddenAs.add(hiddenStates.get(i));
                        }
                        expected++;
                    }
                    if (next.isEmpty()) {
                        return applyEvents(conn, conversation, events).replaceWith(last);
                    }
                    long applied = expected - 1;
                    List<String> payloads = FanoutChannel.committed(
                            nodeId, List.of(new FanoutChannel.SeqRange(conversation, last + 1, applied)));
                    return messages.insertAndNotify(conn, next, payloads)
                            .flatMap(ignored -> hidden.isEmpty()
                                    ? Uni.createFrom().voidItem()
                                    : conn.preparedQuery("""
                                            UPDATE message m SET state = h.state, ciphertext = '\\x'::bytea
                                              FROM unnest($2::int8[], $3::text[]) AS h(seq, state)
                                             WHERE m.conversation_id = $1 AND m.seq = h.seq""")
                                            .execute(Tuple.of(
                                                    conversation,
                                                    hidden.toArray(Long[]::new),
                                                    hiddenAs.toArray(String[]::new)))
                                            .replaceWithVoid())
                            .flatMap(
                                    ignored -> conn.preparedQuery("UPDATE conversation SET last_seq = $2 WHERE id = $1")
                                            .execute(Tuple.of(conversation, applied)))
                            .flatMap(ignored -> applyEvents(conn, conversation, events))
                            .map(ignored -> applied);
                }));
    }

    /**
     * Replica: later states of messages (those not yet here arrive with their current state anyway) and read
     * positions, which members here hear of as {@code receipt} frames when the transaction commits.
     */
    private Uni<Void> applyEvents(SqlConnection conn, UUID conversation, List<Replication.Event> events) {
        List<Long> stateSeqs = new ArrayList<>();
        List<String> states = new ArrayList<>();
        List<String> readers = new ArrayList<>();
        List<Long> readSeqs = new ArrayList<>();
        for (Replication.Event event : events) {
            if ("state".equals(event.kind()) && event.state() != null) {
                stateSeqs.add(event.seq());
                states.add(event.state());
            } else if ("read".equals(event.kind()) && event.user() != null) {
                readers.add(event.user());
                readSeqs.add(event.seq());
            }
        }
        Uni<Void> changed = stateSeqs.isEmpty()
                ? Uni.createFrom().voidItem()
                : conn.preparedQuery("""
                                UPDATE message m SET state = h.state, ciphertext = '\\x'::bytea
                                  FROM unnest($2::int8[], $3::text[]) AS h(seq, state)
                                 WHERE m.conversation_id = $1 AND m.seq = h.seq AND m.state <> h.state
                                   AND h.state IN ('deleted', 'removed', 'expired', 'erased')""")
                        .execute(Tuple.of(conversation, stateSeqs.toArray(Long[]::new), states.toArray(String[]::new)))
                        .replaceWithVoid();
        if (readers.isEmpty()) {
            return changed;
        }
        return changed.flatMap(ignored -> conn.preparedQuery("""
                        WITH r AS (SELECT u, max(s) AS s FROM unnest($2::text[], $3::int8[]) AS t(u, s) GROUP BY u)
                        UPDATE member m SET read_seq = r.s FROM r
                         WHERE m.conversation_id = $1 AND m.user_id = r.u AND m.read_seq < r.s
                        RETURNING m.user_id, m.read_seq""")
                        .execute(Tuple.of(conversation, readers.toArray(String[]::new), readSeqs.toArray(Long[]::new))))
                .flatMap(moved -> {
                    List<String> receipts = new ArrayList<>();
                    moved.forEach(
                            row -> receipts.add(FanoutChannel.receipt(conversation, row.getLong(1), row.getString(0))));
                    return receipts.isEmpty()
                            ? Uni.createFrom().voidItem()
                            : conn.preparedQuery("SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p")
                                    .execute(Tuple.of(FanoutChannel.NAME, receipts.toArray(String[]::new)))
                                    .replaceWithVoid();
                });
    }

    private Uni<Void> applyState(SqlConnection conn, UUID conversation, String host, Replication.State state) {
        String[] ids = state.members().stream().map(Replication.Member::id).toArray(String[]::new);
        String[] roles = state.members().stream().map(Replication.Member::role).toArray(String[]::new);
        return conn.preparedQuery("""
                INSERT INTO conversation (id, kind, title, direct_key, e2ee, retention_days, created_by, host_region)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, retention_days = EXCLUDED.retention_days""")
                .execute(Tuple.from(Arrays.asList(
                        conversation,
                        state.kind(),
                        state.title(),
                        state.directKey(),
                        state.e2ee(),
                        state.retentionDays(),
                        state.createdBy(),
                        host)))
                .flatMap(ignored -> conn.preparedQuery("""
                        INSERT INTO member (conversation_id, user_id, role)
                        SELECT $1, u, r FROM unnest($2::text[], $3::text[]) AS t(u, r)
                        ON CONFLICT (conversation_id, user_id) DO UPDATE SET left_at = NULL, role = EXCLUDED.role
                         WHERE member.left_at IS NOT NULL OR member.role <> EXCLUDED.role""").execute(Tuple.of(conversation, ids, roles)))
                .flatMap(ignored -> conn.preparedQuery("""
                        UPDATE member SET left_at = now()
                         WHERE conversation_id = $1 AND left_at IS NULL AND NOT (user_id = ANY ($2))""").execute(Tuple.of(conversation, ids)))
                .flatMap(ignored -> conn.preparedQuery("SELECT pg_notify($1, $2)")
                        .execute(Tuple.of(FanoutChannel.NAME, FanoutChannel.membersChanged(conversation))))
                .replaceWithVoid();
    }
}
