package dev.charter.persistence;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.charter.breach.Breach;
import dev.charter.breach.BreachJurisdiction;
import dev.charter.common.DatabaseConfig;
import dev.charter.common.DatabaseCredentials;
import dev.charter.moderation.Report;
import dev.charter.moderation.ReportStatus;
import dev.charter.moderation.Suspension;
import dev.charter.privacy.Consent;
import dev.charter.privacy.ConsentStatus;
import dev.charter.privacy.RequestStatus;
import dev.charter.privacy.RightsRequest;
import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hibernate validates the entity mappings against the schema Flyway migrated, at start-up: a column renamed
 * by a migration (src/test/resources/db/drift) stops the start, naming the table and column. That the failure
 * is this column, not a missing table, also shows that validation ran after Flyway migrated the empty schema.
 * Runs in its own schema so the shared test database is left alone, and in its own JVM (tag quarkus-unit, see
 * pom.xml): QuarkusUnitTest and @QuarkusTest cannot share one.
 */
@Tag("quarkus-unit")
public class SchemaValidationTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(
                            Breach.class,
                            BreachJurisdiction.class,
                            BreachJurisdiction.Key.class,
                            Report.class,
                            ReportStatus.class,
                            ReportStatus.Column.class,
                            Suspension.class,
                            Suspension.Key.class,
                            Consent.class,
                            ConsentStatus.class,
                            ConsentStatus.Column.class,
                            RightsRequest.class,
                            RequestStatus.class,
                            RequestStatus.Column.class,
                            // application.properties names it as the datasource's credentials provider
                            DatabaseCredentials.class,
                            DatabaseConfig.class,
                            DatabaseConfig.CredentialSource.class)
                    .addAsResource("application.properties")
                    .addAsResource("db/drift/V1000__rename_a_mapped_column.sql"))
            .overrideConfigKey("quarkus.flyway.locations", "db/migration,db/drift")
            .overrideConfigKey("quarkus.flyway.schemas", "schema_drift")
            .overrideConfigKey("quarkus.flyway.default-schema", "schema_drift")
            .overrideConfigKey("quarkus.hibernate-orm.database.default-schema", "schema_drift")
            .assertException(e -> {
                String messages = messages(e);
                assertTrue(
                        messages.contains("missing column [reference]") && messages.contains("breach_jurisdiction"),
                        messages);
            });

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t).append('\n');
        }
        return all.toString();
    }

    @Test
    void startUpFailsNamingTheDriftedColumn() {
        fail("the application started although a mapped column was renamed");
    }
}
