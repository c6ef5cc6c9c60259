package dev.charter.messaging.conversation;

import dev.charter.messaging.ConversationAccess;
import dev.charter.messaging.FanoutChannel;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** SQL of conversations and their members. */
@Singleton
public class ConversationRepository {

    private static final String SELECT_FOR_MEMBER = """
            SELECT c.id, c.kind, c.title, c.last_seq, c.e2ee, c.retention_days, me.read_seq,
                   (SELECT array_agg(m.user_id ORDER BY m.joined_at, m.user_id) FROM member m
                     WHERE m.conversation_id = c.id AND m.left_at IS NULL) AS members
              FROM conversation c
              JOIN member me ON me.conversation_id = c.id AND me.user_id = $1 AND me.left_at IS NULL
            """;

    /** As {@link #SELECT_FOR_MEMBER}, with each conversation's creation time, for paging. */
    private static final String SELECT_PAGE_FOR_MEMBER =
            SELECT_FOR_MEMBER.replaceFirst("SELECT c.id,", "SELECT c.created_at, c.id,");

    private final Pool pool;

    public ConversationRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Creates a conversation with its members (the first is the owner). For a direct pair that already
     * exists, nothing is created and the existing id is returned with {@code created = false}.
     */
    public Uni<Created> create(
            String kind,
            String title,
            String directKey,
            boolean e2ee,
            Integer retentionDays,
            String owner,
            List<String> others) {
        return pool.withTransaction(conn -> conn.preparedQuery("""
                INSERT INTO conversation (id, kind, title, direct_key, e2ee, retention_days, created_by)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                ON CONFLICT (direct_key) DO NOTHING RETURNING id""")
                .execute(Tuple.from(
                        Arrays.asList(UUID.randomUUID(), kind, title, directKey, e2ee, retentionDays, owner)))
                .flatMap(rows -> {
                    if (rows.iterator().hasNext()) {
                        UUID id = rows.iterator().next().getUUID(0);
                        return insertMembers(conn, id, owner, others).replaceWith(new Created(id, true));
                    }
                    return conn.preparedQuery("SELECT id FROM conversation WHERE direct_key = $1")
                            .execute(Tuple.of(directKey))
                            .map(existing -> existing.iterator().next().getUUID(0))
                            .call(existing -> rejoin(conn, existing, owner, others))
                            .map(existing -> new Created(existing, false));
                }));
    }

    /**
     * A direct pair asked for again after one of them left it (an erased id that was re-enabled): both are
     * members again, and every instance hears of it. No-op when both still are.
     */
    private Uni<Void> rejoin(SqlConnection conn, UUID id, String owner, List<String> others) {
        List<String> users = new ArrayList<>(others);
        users.add(owner);
        return conn.preparedQuery("""
                INSERT INTO member (conversation_id, user_id, role) SELECT $1, u, 'member' FROM unnest($2::text[]) AS u
                ON CONFLICT (conversation_id, user_id) DO UPDATE SET left_at = NULL WHERE member.left_at IS NOT NULL
                RETURNING user_id""")
                .execute(Tuple.of(id, users.toArray(String[]::new)))
                .flatMap(rows -> rows.size() == 0
                        ? Uni.createFrom().voidItem()
                        : conn.preparedQuery("SELECT pg_notify($1, $2)")
                                .execute(Tuple.of(FanoutChannel.NAME, FanoutChannel.membersChanged(id)))
                                .replaceWithVoid());
    }

    private Uni<Void> insertMembers(SqlConnection conn, UUID id, String owner, List<String> others) {
        String[] users = new String[others.size() + 1];
        String[] roles = new String[users.length];
        users[0] = owner;
        roles[0] = "owner";
        for (int i = 0; i < others.size(); i++) {
            users[i + 1] = others.get(i);
            roles[i + 1] = "member";
        }
        return conn.preparedQuery("""
                INSERT INTO member (conversation_id, user_id, role)
                SELECT $1, u, r FROM unnest($2::text[], $3::text[]) AS t(u, r)""").execute(Tuple.of(id, users, roles)).replaceWithVoid();
    }

    public Uni<Optional<Conversation>> findForMember(UUID id, String userId) {
        return pool.preparedQuery(SELECT_FOR_MEMBER + " WHERE c.id = $2")
                .execute(Tuple.of(userId, id))
                .map(rows -> rows.iterator().hasNext()
                        ? Optional.of(toConversation(rows.iterator().next()))
                        : Optional.empty());
    }

    public Uni<List<Conversation>> listForMember(String userId) {
        return pool.preparedQuery(SELECT_FOR_MEMBER + " ORDER BY c.created_at, c.id")
                .execute(Tuple.of(userId))
                .map(ConversationRepository::toConversations);
    }

    /** A conversation with the position it has in its member's list (creation time, then id). */
    public record Listed(Conversation conversation, Instant createdAt) {}

    /**
     * Up to {@code limit} of the member's conversations in creation order, after the position
     * ({@code afterCreatedAt}, {@code afterId}) of the previous page's last one (both null: from the start).
     */
    public Uni<List<Listed>> listPageForMember(String userId, Instant afterCreatedAt, UUID afterId, int limit) {
        return pool.preparedQuery(SELECT_PAGE_FOR_MEMBER + """
                         WHERE $2::timestamptz IS NULL OR (c.created_at, c.id) > ($2::timestamptz, $3::uuid)
                         ORDER BY c.created_at, c.id LIMIT $4""")
                .execute(Tuple.of(
                        userId,
                        afterCreatedAt == null ? null : OffsetDateTime.ofInstant(afterCreatedAt, ZoneOffset.UTC),
                        afterId,
                        limit))
                .map(rows -> {
                    List<Listed> page = new ArrayList<>();
                    for (Row row : rows) {
                        page.add(new Listed(
                                toConversation(row),
                                row.getOffsetDateTime("created_at").toInstant()));
                    }
                    return page;
                });
    }

    /**
     * The member leaves (their row stays, marked left, so others keep the history); an owner who leaves hands
     * ownership to the member who joined earliest. Leaves of one conversation take its row lock, one after
     * another, so two leaving at once cannot hand ownership to each other. Every instance hears of it.
     * False when the user was not a member.
     */
    public Uni<Boolean> leave(UUID id, String userId) {
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT 1 FROM conversation WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(id))
                .flatMap(locked -> conn.preparedQuery("""
                        SELECT role FROM member WHERE conversation_id = $1 AND user_id = $2 AND left_at IS NULL""").execute(Tuple.of(id, userId)))
                .flatMap(roles -> {
                    if (!roles.iterator().hasNext()) {
                        return Uni.createFrom().item(false);
                    }
                    boolean owner = "owner".equals(roles.iterator().next().getString(0));
                    Uni<Void> left = conn.preparedQuery("""
                            UPDATE member SET left_at = now(), role = 'member'
                             WHERE conversation_id = $1 AND user_id = $2""")
                            .execute(Tuple.of(id, userId))
                            .replaceWithVoid();
                    if (owner) {
                        left = left.flatMap(ignored ->
                                conn.preparedQuery("""
                                UPDATE member SET role = 'owner'
                                 WHERE conversation_id = $1 AND user_id = (
                                       SELECT user_id FROM member WHERE conversation_id = $1 AND left_at IS NULL
                                        ORDER BY joined_at, user_id LIMIT 1)""").execute(Tuple.of(id)).replaceWithVoid());
                    }
                    return left.flatMap(ignored -> conn.preparedQuery("SELECT pg_notify($1, $2)")
                                    .execute(Tuple.of(FanoutChannel.NAME, FanoutChannel.membersChanged(id))))
                            .replaceWith(true);
                }));
    }

    public Uni<Boolean> exists(UUID id) {
        return pool.preparedQuery("SELECT 1 FROM conversation WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.iterator().hasNext());
    }

    /** Adds a member (re-admits one who left) and tells every instance that membership changed. */
    public Uni<Void> addMember(UUID id, String userId) {
        return pool.withTransaction(conn -> conn.preparedQuery("""
                INSERT INTO member (conversation_id, user_id, role) VALUES ($1, $2, 'member')
                ON CONFLICT (conversation_id, user_id) DO UPDATE SET left_at = NULL, joined_at = now()
                 WHERE member.left_at IS NOT NULL""")
                .execute(Tuple.of(id, userId))
                .flatMap(ignored -> conn.preparedQuery("SELECT pg_notify($1, $2)")
                        .execute(Tuple.of(FanoutChannel.NAME, FanoutChannel.membersChanged(id))))
                .replaceWithVoid());
    }

    /** Removes the user from every conversation (erasure) and tells every instance membership changed. */
    public Uni<Void> removeEverywhere(String userId) {
        return pool.withTransaction(conn -> conn.preparedQuery(
                        "DELETE FROM member WHERE user_id = $1 RETURNING conversation_id")
                .execute(Tuple.of(userId))
                .flatMap(rows -> {
                    List<String> payloads = new ArrayList<>();
                    rows.forEach(row -> payloads.add(FanoutChannel.membersChanged(row.getUUID(0))));
                    if (payloads.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    return conn.preparedQuery("SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p")
                            .execute(Tuple.of(FanoutChannel.NAME, payloads.toArray(String[]::new)))
                            .replaceWithVoid();
                }));
    }

    public Uni<Optional<String>> roleOf(UUID id, String userId) {
        return pool.preparedQuery(
                        "SELECT role FROM member WHERE conversation_id = $1 AND user_id = $2 AND left_at IS NULL")
                .execute(Tuple.of(id, userId))
                .map(rows -> rows.iterator().hasNext()
                        ? Optional.of(rows.iterator().next().getString(0))
                        : Optional.empty());
    }

    /** Members and kind, for the send path's membership cache; empty when the conversation does not exist. */
    public Uni<Optional<ConversationAccess>> access(UUID id) {
        return pool.preparedQuery("""
                SELECT c.e2ee, (SELECT array_agg(m.user_id) FROM member m
                                 WHERE m.conversation_id = c.id AND m.left_at IS NULL), c.host_region, c.kind
                  FROM conversation c WHERE c.id = $1""").execute(Tuple.of(id)).map(rows -> {
            if (!rows.iterator().hasNext()) {
                return Optional.empty();
            }
            Row row = rows.iterator().next();
            String[] members = row.getArrayOfStrings(1);
            return Optional.of(new ConversationAccess(
                    id,
                    row.getBoolean(0),
                    members == null ? Set.of() : Set.of(members),
                    row.getString(2),
                    Conversation.DIRECT.equals(row.getString(3))));
        });
    }

    /** Moves the member's read position forward (never back); returns the position now stored. */
    public Uni<Optional<Long>> advanceRead(UUID id, String userId, long seq) {
        // Only a position that moves is written and announced: a repeated read costs no write and no receipt.
        return pool.withTransaction(conn -> conn.preparedQuery("""
                WITH target AS (
                    SELECT m.read_seq AS old, LEAST($3, c.last_seq) AS wanted
                      FROM member m JOIN conversation c ON c.id = m.conversation_id
                     WHERE m.conversation_id = $1 AND m.user_id = $2 AND m.left_at IS NULL
                       FOR UPDATE OF m),
                moved AS (
                    UPDATE member m SET read_seq = t.wanted
                      FROM target t
                     WHERE m.conversation_id = $1 AND m.user_id = $2 AND t.wanted > t.old
                    RETURNING m.read_seq)
                SELECT t.old, (SELECT read_seq FROM moved) AS moved FROM target t""")
                .execute(Tuple.of(id, userId, seq))
                .flatMap(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().item(Optional.<Long>empty());
                    }
                    Row row = rows.iterator().next();
                    Long moved = row.getLong("moved");
                    if (moved == null) {
                        return Uni.createFrom().item(Optional.of(row.getLong("old")));
                    }
                    return conn.preparedQuery("SELECT pg_notify($1, $2)")
                            .execute(Tuple.of(FanoutChannel.NAME, FanoutChannel.receipt(id, moved, userId)))
                            .replaceWith(Optional.of(moved));
                }));
    }

    private static List<Conversation> toConversations(RowSet<Row> rows) {
        List<Conversation> list = new ArrayList<>();
        for (Row row : rows) {
            list.add(toConversation(row));
        }
        return list;
    }

    private static Conversation toConversation(Row row) {
        String[] members = row.getArrayOfStrings("members");
        return new Conversation(
                row.getUUID("id"),
                row.getString("kind"),
                row.getString("title"),
                members == null ? List.of() : List.of(members),
                row.getLong("last_seq"),
                row.getLong("read_seq"),
                row.getBoolean("e2ee"),
                row.getInteger("retention_days"));
    }

    /** Sets (or, with null, clears) how long this conversation's messages are kept. */
    public Uni<Void> setRetention(UUID conversation, Integer days) {
        return pool.preparedQuery("UPDATE conversation SET retention_days = $2 WHERE id = $1")
                .execute(Tuple.of(conversation, days))
                .replaceWithVoid();
    }

    public record Created(UUID id, boolean created) {}
}
