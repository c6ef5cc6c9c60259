package dev.charter.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The LISTEN connections (live delivery, cache and key invalidation) connect with the datasource's own options,
 * TLS included: production databases refuse plain TCP (RDS with rds.force_ssl). Needs a local server with TLS
 * on, which scripts/db-up.sh sets up where it can; skipped elsewhere.
 */
@QuarkusTest
@TestProfile(DatabaseTlsTest.RequireTls.class)
class DatabaseTlsTest {

    static final String APPLICATION_NAME = "charter-tls-check";

    public static class RequireTls implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.datasource.reactive.postgresql.ssl-mode",
                    "require",
                    "quarkus.datasource.reactive.trust-all",
                    "true",
                    "quarkus.datasource.reactive.additional-properties.application_name",
                    APPLICATION_NAME);
        }
    }

    @Inject
    Pool pool;

    @Test
    void listenConnectionsUseTheDatasourceTls() {
        Row ssl = pool.query("SHOW ssl")
                .execute()
                .await()
                .atMost(Duration.ofSeconds(10))
                .iterator()
                .next();
        assumeTrue(
                "on".equals(ssl.getString(0)),
                "the local PostgreSQL has no TLS (scripts/db-up.sh turns it on where it may)");

        Row listening = pool.preparedQuery("""
                SELECT count(*) FILTER (WHERE s.ssl) AS tls, count(*) FILTER (WHERE NOT s.ssl) AS plain
                FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid)
                WHERE a.datname = current_database() AND a.query ILIKE 'LISTEN%' AND a.application_name = $1""")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(APPLICATION_NAME))
                .await()
                .atMost(Duration.ofSeconds(10))
                .iterator()
                .next();
        // Live delivery, peer cache invalidation and key events each hold one.
        assertTrue(listening.getLong("tls") >= 3, "LISTEN connections over TLS: " + listening.getLong("tls"));
        assertEquals(0L, listening.getLong("plain"));
    }
}
