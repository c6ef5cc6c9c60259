package dev.charter.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;

/** SQL of the audit chain and its checkpoints. */
@ApplicationScoped
public class AuditRepository {

    private static final String COLUMNS = "seq, at, actor, action, subject, details, prev_hash, hash";

    private final Pool pool;
    private final ObjectMapper json;

    AuditRepository(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    record Head(long seq, String hash) {}

    /** Locks the head row until the caller's transaction ends: appends on every instance take turns. */
    Uni<Head> lockHead(SqlConnection conn) {
        return conn.query("SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE")
                .execute()
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Head(row.getLong(0), row.getString(1));
                });
    }

    Uni<Head> head() {
        return pool.query("SELECT seq, hash FROM audit_head WHERE id = 1")
                .execute()
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Head(row.getLong(0), row.getString(1));
                });
    }

    Uni<Void> insert(SqlConnection conn, AuditEvent event) {
        return conn.preparedQuery("""
                INSERT INTO audit_event (seq, at, actor, action, subject, details, prev_hash, hash)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""")
                .execute(Tuple.from(Arrays.asList(
                        event.seq(),
                        event.at().atOffset(ZoneOffset.UTC),
                        event.actor(),
                        event.action(),
                        event.subject(),
                        new JsonObject(event.details().toString()),
                        event.prevHash(),
                        event.hash())))
                .flatMap(ignored -> conn.preparedQuery("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
                        .execute(Tuple.of(event.seq(), event.hash())))
                .replaceWithVoid();
    }

    /** {@link #lockHead(SqlConnection)} through a Hibernate Reactive session, in its transaction. */
    Uni<Head> lockHead(Mutiny.Session session) {
        return session.createNativeQuery("SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE", Object[].class)
                .getSingleResult()
                .map(row -> new Head(((Number) row[0]).longValue(), (String) row[1]));
    }

    /**
     * {@link #insert(SqlConnection, AuditEvent)} through a Hibernate Reactive session. The details go as text
     * cast to jsonb, as the Vert.x statement stores them: the hash was computed from the same tree.
     */
    Uni<Void> insert(Mutiny.Session session, AuditEvent event) {
        return session.createNativeQuery("""
                INSERT INTO audit_event (seq, at, actor, action, subject, details, prev_hash, hash)
                VALUES (?1, ?2, ?3, ?4, CAST(?5 AS text), CAST(CAST(?6 AS text) AS jsonb), ?7, ?8)""")
                .setParameter(1, event.seq())
                .setParameter(2, event.at().atOffset(ZoneOffset.UTC))
                .setParameter(3, event.actor())
                .setParameter(4, event.action())
                .setParameter(5, event.subject())
                .setParameter(6, event.details().toString())
                .setParameter(7, event.prevHash())
                .setParameter(8, event.hash())
                .executeUpdate()
                .chain(ignored -> session.createNativeQuery("UPDATE audit_head SET seq = ?1, hash = ?2 WHERE id = 1")
                        .setParameter(1, event.seq())
                        .setParameter(2, event.hash())
                        .executeUpdate())
                .replaceWithVoid();
    }

    /** Events in seq order with {@code seq > afterSeq}, optionally filtered. */
    Uni<List<AuditEvent>> search(String subject, String actor, long afterSeq, Instant afterTime, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM audit_event WHERE seq > $1"
                        + " AND ($2::text IS NULL OR subject = $2) AND ($3::text IS NULL OR actor = $3)"
                        + " AND ($4::timestamptz IS NULL OR at > $4) ORDER BY seq LIMIT $5")
                .execute(Tuple.from(Arrays.asList(
                        afterSeq,
                        subject,
                        actor,
                        afterTime == null ? null : afterTime.atOffset(ZoneOffset.UTC),
                        limit)))
                .map(this::toEvents);
    }

    Uni<List<AuditEvent>> page(long afterSeq, int limit) {
        return search(null, null, afterSeq, null, limit);
    }

    record Checkpoint(long fromSeq, long uptoSeq, String head, String signature, String file, Instant at) {}

    Uni<Optional<Checkpoint>> lastCheckpoint() {
        return pool.query("SELECT from_seq, upto_seq, head_hash, signature, file, at FROM audit_checkpoint"
                        + " ORDER BY upto_seq DESC LIMIT 1")
                .execute()
                .map(rows -> rows.iterator().hasNext()
                        ? Optional.of(toCheckpoint(rows.iterator().next()))
                        : Optional.empty());
    }

    /** False when another instance recorded the same checkpoint first. */
    Uni<Boolean> insertCheckpoint(Checkpoint c) {
        return pool.preparedQuery("""
                INSERT INTO audit_checkpoint (from_seq, upto_seq, head_hash, signature, file, at)
                VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (upto_seq) DO NOTHING""")
                .execute(Tuple.from(Arrays.asList(
                        c.fromSeq(), c.uptoSeq(), c.head(), c.signature(), c.file(), c.at().atOffset(ZoneOffset.UTC))))
                .map(rows -> rows.rowCount() > 0);
    }

    private static Checkpoint toCheckpoint(Row row) {
        return new Checkpoint(
                row.getLong(0),
                row.getLong(1),
                row.getString(2),
                row.getString(3),
                row.getString(4),
                row.getOffsetDateTime(5).toInstant());
    }

    private List<AuditEvent> toEvents(RowSet<Row> rows) {
        List<AuditEvent> events = new ArrayList<>(rows.size());
        for (Row row : rows) {
            OffsetDateTime at = row.getOffsetDateTime("at");
            events.add(new AuditEvent(
                    row.getLong("seq"),
                    at.toInstant(),
                    row.getString("actor"),
                    row.getString("action"),
                    row.getString("subject"),
                    details(row.getValue("details")),
                    row.getString("prev_hash"),
                    row.getString("hash")));
        }
        return events;
    }

    private JsonNode details(Object value) {
        try {
            String text = value instanceof JsonObject object
                    ? object.encode()
                    : value == null ? "{}" : io.vertx.core.json.Json.encode(value);
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable audit details", e);
        }
    }
}
