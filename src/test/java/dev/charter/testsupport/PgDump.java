package dev.charter.testsupport;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;

/** The PostgreSQL client tools against the test database (dump, create, restore). */
public final class PgDump {

    private static final String BIN = System.getenv().getOrDefault("CHARTER_PG_BIN", "/usr/lib/postgresql/15/bin");

    private PgDump() {}

    /** A plain-SQL dump of the test database (or {@code database}) into {@code file}. */
    public static Path dump(String database, Path file) {
        run(List.of(BIN + "/pg_dump", "--no-owner", "--file", file.toString(), "--dbname", database));
        return file;
    }

    public static String currentDatabase() {
        return URI.create(setting("QUARKUS_DATASOURCE_JDBC_URL", "quarkus.datasource.jdbc.url")
                        .substring(5))
                .getPath()
                .substring(1);
    }

    public static void createDatabase(String name) {
        run(List.of(BIN + "/dropdb", "--if-exists", name));
        run(List.of(BIN + "/createdb", name));
    }

    public static void restore(String database, Path dumpFile) {
        run(List.of(
                BIN + "/psql",
                "--quiet",
                "--set",
                "ON_ERROR_STOP=1",
                "--dbname",
                database,
                "--file",
                dumpFile.toString()));
    }

    private static void run(List<String> command) {
        URI jdbc = URI.create(setting("QUARKUS_DATASOURCE_JDBC_URL", "quarkus.datasource.jdbc.url")
                .substring(5));
        List<String> full = new ArrayList<>(command);
        full.add(1, "--host=" + jdbc.getHost());
        full.add(2, "--port=" + (jdbc.getPort() < 0 ? 5432 : jdbc.getPort()));
        full.add(3, "--username=" + setting("QUARKUS_DATASOURCE_USERNAME", "quarkus.datasource.username"));
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", setting("QUARKUS_DATASOURCE_PASSWORD", "quarkus.datasource.password"));
        builder.environment().put("PGDATABASE", "postgres");
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IllegalStateException(command.get(0) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String setting(String env, String property) {
        String value = System.getenv(env);
        return value != null ? value : ConfigProvider.getConfig().getValue(property, String.class);
    }
}
