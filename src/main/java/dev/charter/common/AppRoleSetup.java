package dev.charter.common;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The migration step of a deployment whose service logs in as its own role rather than as the database owner: run
 * with {@code charter.database.app-role} set and the owner's credentials, the start-up migrates the schema (Flyway,
 * as always), then makes sure the role exists and may read and write Charter's tables, then exits. The role never
 * owns a table, so it cannot alter the schema, disable the audit log's append-only triggers or update and delete
 * audit events. On RDS it is granted {@code rds_iam} and logs in with IAM tokens ({@code credentials=rds-iam}).
 * Idempotent: the region module runs it before every rollout.
 */
@Singleton
class AppRoleSetup {

    private static final Logger LOG = Logger.getLogger(AppRoleSetup.class);
    /** A plain PostgreSQL identifier: it is spliced into DDL, which takes no bind parameters. */
    private static final Pattern ROLE = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final DatabaseConfig config;
    private final Pool pool;

    AppRoleSetup(DatabaseConfig config, Pool pool) {
        this.config = config;
        this.pool = pool;
    }

    void onStart(@Observes @Priority(1) StartupEvent event) {
        config.appRole().ifPresent(role -> {
            try {
                grant(role);
                LOG.infof("database role %s ready; migration step done", role);
                Quarkus.asyncExit(0);
            } catch (RuntimeException e) {
                LOG.errorf("preparing the database role %s failed: %s", role, e.getMessage());
                Quarkus.asyncExit(1);
            }
        });
    }

    void grant(String role) {
        if (!ROLE.matcher(role).matches()) {
            throw new IllegalArgumentException("charter.database.app-role must be a lower-case SQL identifier");
        }
        for (String statement : statements(role)) {
            pool.query(statement).execute().await().indefinitely();
        }
    }

    static List<String> statements(String role) {
        String quoted = '"' + role + '"';
        return List.of(
                """
                DO $$ BEGIN
                  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '%1$s') THEN CREATE ROLE %2$s LOGIN; END IF;
                  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'rds_iam') THEN GRANT rds_iam TO %2$s; END IF;
                  EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %%I TO %2$s', current_database());
                END $$""".formatted(role, quoted),
                "GRANT USAGE ON SCHEMA public TO " + quoted,
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + quoted,
                "GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO " + quoted,
                "GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO " + quoted,
                // The audit log is append-only for the service: its triggers refuse changes, and without these
                // rights (and without owning the table) the service cannot get around them.
                "REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM " + quoted,
                // Flyway's history is the owner's: the service only reads it at start-up.
                "REVOKE INSERT, UPDATE, DELETE ON flyway_schema_history FROM " + quoted);
    }
}
