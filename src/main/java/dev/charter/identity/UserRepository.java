package dev.charter.identity;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

@ApplicationScoped
public class UserRepository {

    private final Pool pool;

    public UserRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Creates the user on first contact and keeps country, jurisdiction, birthdate and age band current from the
     * token. A token without a birthdate keeps the one stored (a guardian's attestation). A new minor, or a user of
     * unknown age where {@code unknownAgePending}, starts {@code pending_guardian}; a pending user who has come of
     * age (or whose unknown age no longer holds them back) becomes active.
     *
     * @param ageOfConsent the age of digital consent for the token's country and subdivision
     * @param today        the date ages are counted on
     */
    public Uni<UserStatus> upsert(
            CurrentUser user, String jurisdiction, int ageOfConsent, boolean unknownAgePending, LocalDate today) {
        String known = "COALESCE(EXCLUDED.birthdate, app_user.birthdate)";
        return pool.preparedQuery("INSERT INTO app_user"
                        + " (id, country, subdivision, jurisdiction, age_band, guardian_id, status, birthdate, age_source)"
                        + " SELECT $1, $2, $3, $4, band, $6,"
                        + " CASE WHEN band = 'minor' OR (band = 'unknown' AND $9) THEN 'pending_guardian' ELSE 'active' END,"
                        + " $5::date, CASE WHEN $5::date IS NULL THEN 'unknown' ELSE 'birthdate' END"
                        + " FROM (SELECT " + band("$5::date") + " AS band) b"
                        + " ON CONFLICT (id) DO UPDATE SET country = EXCLUDED.country, subdivision = EXCLUDED.subdivision,"
                        + " jurisdiction = EXCLUDED.jurisdiction, age_band = " + band(known) + ", home_region = NULL,"
                        + " guardian_id = COALESCE(EXCLUDED.guardian_id, app_user.guardian_id),"
                        + " birthdate = " + known + ","
                        + " age_source = CASE WHEN EXCLUDED.birthdate IS NOT NULL THEN 'birthdate'"
                        + " ELSE COALESCE(app_user.age_source, 'unknown') END,"
                        + " status = CASE WHEN app_user.status = 'pending_guardian'"
                        + " AND ((" + band(known) + " = 'adult' AND NOT ($9 AND EXCLUDED.birthdate IS NULL"
                        + " AND app_user.age_source = 'self_declared'))"
                        + " OR (" + band(known) + " = 'unknown' AND NOT $9))"
                        + " THEN 'active' ELSE app_user.status END"
                        + " WHERE app_user.status <> 'erased'"
                        + " RETURNING status")
                .execute(Tuple.from(Arrays.asList(
                        user.id(),
                        user.country(),
                        user.subdivision(),
                        jurisdiction,
                        user.birthdate(),
                        user.guardian(),
                        today,
                        ageOfConsent,
                        unknownAgePending)))
                // No row back: the id was erased, and nothing from this token is stored again.
                .map(rows -> rows.iterator().hasNext()
                        ? UserStatus.ofColumn(rows.iterator().next().getString(0))
                        : UserStatus.ERASED);
    }

    /** 'minor' below {@code $8} years on {@code $7}, 'adult' from then on, 'unknown' without a birthdate. */
    private static String band(String birthdate) {
        return band(birthdate, "$7", "$8");
    }

    private static String band(String birthdate, String today, String years) {
        return "(CASE WHEN " + birthdate + " IS NULL THEN 'unknown' WHEN " + birthdate + " > " + today
                + "::date - make_interval(years => " + years + "::int) THEN 'minor' ELSE 'adult' END)";
    }

    /**
     * The user's own statement of their birthdate, taken only while nothing better established their age (a
     * token's {@code birthdate} or a guardian's attestation). A declared minor waits for their guardian unless one
     * approved them already; a declared adult leaves that wait only where the law does not ask for a verified age
     * ({@code unknownAgePending}). Empty when the age is established otherwise, or the user is unknown or erased.
     */
    public Uni<Optional<UserStatus>> declareAge(
            String id,
            LocalDate birthdate,
            int ageOfConsent,
            boolean unknownAgePending,
            LocalDate today,
            Function<SqlClient, Uni<Void>> announce) {
        String band = band("$2::date", "$3", "$4");
        return pool.withTransaction(conn -> conn.preparedQuery("UPDATE app_user SET birthdate = $2::date,"
                        + " age_source = 'self_declared', age_band = " + band + ","
                        + " status = CASE WHEN status = 'active' AND guardian_approved_at IS NULL AND " + band
                        + " = 'minor' THEN 'pending_guardian'"
                        + " WHEN status = 'pending_guardian' AND " + band + " = 'adult' AND NOT $5 THEN 'active'"
                        + " ELSE status END"
                        + " WHERE id = $1 AND status <> 'erased'"
                        + " AND COALESCE(age_source, 'unknown') IN ('unknown', 'self_declared')"
                        + " RETURNING status")
                .execute(Tuple.of(id, birthdate, today, ageOfConsent, unknownAgePending))
                .call(() -> announce.apply(conn))
                .map(rows -> rows.iterator().hasNext()
                        ? Optional.of(UserStatus.ofColumn(rows.iterator().next().getString(0)))
                        : Optional.<UserStatus>empty()));
    }

    /**
     * The ids, not yet erased, whose SHA-256 (hex, as the shred ledger names users) is one of {@code digests}. A
     * scan of every user: run only when a restored database lacks account erasures the ledger holds.
     */
    public Uni<List<String>> notErasedWithDigests(List<String> digests) {
        return pool.preparedQuery("SELECT id FROM app_user WHERE status <> 'erased'"
                        + " AND encode(sha256(convert_to(id, 'UTF8')), 'hex') = ANY($1)")
                .execute(Tuple.of(digests.toArray(String[]::new)))
                .map(rows -> {
                    List<String> ids = new java.util.ArrayList<>();
                    rows.forEach(row -> ids.add(row.getString(0)));
                    return ids;
                });
    }

    public Uni<Optional<StoredUser>> find(String id) {
        return pool.preparedQuery("SELECT id, country, subdivision, jurisdiction, status, guardian_id, created_at,"
                        + " birthdate, age_source FROM app_user WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.iterator().hasNext()
                        ? Optional.of(toUser(rows.iterator().next()))
                        : Optional.empty());
    }

    /**
     * Erasure: keeps only the id with status erased (so later tokens are refused) and drops everything else
     * the profile held. {@code otherRows} (the rows other features own) and {@code announce} run in the same
     * transaction.
     */
    public Uni<Void> erase(
            String id, Function<SqlClient, Uni<Void>> otherRows, Function<SqlClient, Uni<Void>> announce) {
        return pool.withTransaction(conn -> otherRows
                .apply(conn)
                .flatMap(r -> conn.preparedQuery("UPDATE app_user SET status = 'erased', subdivision = NULL,"
                                + " age_band = NULL, birthdate = NULL, age_source = NULL, guardian_id = NULL, guardian_approved_at = NULL, guardian_evidence = NULL"
                                + " WHERE id = $1")
                        .execute(Tuple.of(id)))
                .flatMap(r -> announce.apply(conn)));
    }

    /** An erased id becomes usable again (its next call registers it afresh); false if it was not erased. */
    public Uni<Boolean> reenable(String id, Function<SqlClient, Uni<Void>> announce) {
        return pool.withTransaction(
                conn -> conn.preparedQuery("UPDATE app_user SET status = 'active' WHERE id = $1 AND status = 'erased'")
                        .execute(Tuple.of(id))
                        .call(() -> announce.apply(conn))
                        .map(rows -> rows.rowCount() > 0));
    }

    /** {@code announce} runs in the same transaction: the change is announced exactly when it commits. */
    public Uni<Boolean> setStatus(String id, UserStatus status, Function<SqlClient, Uni<Void>> announce) {
        return pool.withTransaction(conn -> conn.preparedQuery("UPDATE app_user SET status = $2 WHERE id = $1")
                .execute(Tuple.of(id, status.column()))
                .call(() -> announce.apply(conn))
                .map(rows -> rows.rowCount() > 0));
    }

    /**
     * Activates a pending child on their guardian's approval; false unless that guardian is theirs. A
     * {@code birthdate} the guardian attests is stored unless the child's own token already established one.
     * {@code announce} runs in the same transaction.
     */
    public Uni<Boolean> approveByGuardian(
            String child,
            String guardian,
            String evidence,
            LocalDate birthdate,
            Function<SqlClient, Uni<Void>> announce) {
        return pool.withTransaction(conn -> conn.preparedQuery("""
                UPDATE app_user SET status = CASE WHEN status = 'pending_guardian' THEN 'active' ELSE status END,
                       guardian_approved_at = now(), guardian_evidence = $3,
                       birthdate = CASE WHEN $4::date IS NULL OR age_source = 'birthdate' THEN birthdate ELSE $4 END,
                       age_source = CASE WHEN $4::date IS NULL OR age_source = 'birthdate' THEN age_source
                                         ELSE 'guardian_attestation' END
                 WHERE id = $1 AND guardian_id = $2""")
                .execute(Tuple.from(Arrays.asList(child, guardian, evidence, birthdate)))
                .call(() -> announce.apply(conn))
                .map(rows -> rows.rowCount() > 0));
    }

    /** The subset of {@code ids} that exist. */
    public Uni<Set<String>> existing(List<String> ids) {
        return pool.preparedQuery("SELECT id FROM app_user WHERE id = ANY($1)")
                .execute(Tuple.of(ids.toArray(String[]::new)))
                .map(rows -> StreamSupport.stream(rows.spliterator(), false)
                        .map(row -> row.getString(0))
                        .collect(Collectors.toSet()));
    }

    /** Where each of {@code ids} known here lives; ids unknown here are absent. */
    public Uni<Map<String, Residence>> residences(List<String> ids) {
        return pool.preparedQuery(
                        "SELECT id, country, jurisdiction, home_region, status FROM app_user WHERE id = ANY($1)")
                .execute(Tuple.of(ids.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, Residence> found = new HashMap<>();
                    rows.forEach(row -> found.put(
                            row.getString(0),
                            new Residence(
                                    row.getString(0),
                                    row.getString(1),
                                    row.getString(2),
                                    row.getString(3),
                                    UserStatus.ofColumn(row.getString(4)))));
                    return found;
                });
    }

    /**
     * Records a user of another region as known here (a member of a conversation shared with this region), or
     * refreshes what is known; a user of this region is never turned into a remote one, nor an erased id revived.
     */
    public Uni<Void> upsertRemote(String id, String country, String jurisdiction, String homeRegion) {
        return pool.preparedQuery("""
                INSERT INTO app_user (id, country, jurisdiction, home_region, status)
                VALUES ($1, $2, $3, $4, 'active')
                ON CONFLICT (id) DO UPDATE SET country = EXCLUDED.country, jurisdiction = EXCLUDED.jurisdiction,
                    home_region = EXCLUDED.home_region
                WHERE app_user.home_region IS NOT NULL AND app_user.status <> 'erased'""")
                .execute(Tuple.of(id, country, jurisdiction, homeRegion))
                .replaceWithVoid();
    }

    /**
     * A user's home and status: {@code homeRegion} null for this region's own users, else the region that
     * serves them (they appear here only as members of shared conversations).
     */
    public record Residence(String id, String country, String jurisdiction, String homeRegion, UserStatus status) {
        public boolean local() {
            return homeRegion == null;
        }
    }

    private static StoredUser toUser(Row row) {
        return new StoredUser(
                row.getString("id"),
                row.getString("country"),
                row.getString("subdivision"),
                row.getString("jurisdiction"),
                UserStatus.ofColumn(row.getString("status")),
                row.getString("guardian_id"),
                row.getOffsetDateTime("created_at").toInstant(),
                row.getLocalDate("birthdate"),
                AgeSource.ofColumn(row.getString("age_source")));
    }

    /** {@code birthdate} null when unknown; {@code ageSource} says where a known one came from. */
    public record StoredUser(
            String id,
            String country,
            String subdivision,
            String jurisdiction,
            UserStatus status,
            String guardian,
            java.time.Instant createdAt,
            LocalDate birthdate,
            AgeSource ageSource) {}
}
