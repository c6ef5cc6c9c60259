package dev.charter.common;

import io.quarkus.credentials.CredentialsProvider;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The user and password of each new database connection, looked up when the connection is opened, so that a
 * rotated password or an expiring IAM token never strands the pool, the writer lanes or the LISTEN connections.
 * Agroal (Flyway's JDBC connections) asks through the {@link CredentialsProvider} interface; the reactive
 * connections through {@link #apply(PgConnectOptions)}.
 */
@Singleton
@Named(DatabaseCredentials.NAME)
public class DatabaseCredentials implements CredentialsProvider {

    /** The name {@code quarkus.datasource.credentials-provider} refers to. */
    public static final String NAME = "charter-database";

    private final DatabaseConfig config;
    private final Optional<String> user;
    private final Optional<String> password;
    private final Optional<String> reactiveUrl;
    /** Created on first use: only {@code rds-iam} needs AWS credentials. */
    private volatile RdsIamTokens tokens;

    DatabaseCredentials(
            DatabaseConfig config,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") Optional<String> reactiveUrl) {
        this.config = config;
        this.user = user;
        this.password = password;
        this.reactiveUrl = reactiveUrl;
    }

    /** Whether the password can change while the process runs (then it is looked up per connection). */
    public boolean dynamic() {
        return config.credentials() != DatabaseConfig.CredentialSource.CONFIG;
    }

    /** {@code options} with the user and the password for a connection opened now. Blocking (file, signing). */
    public PgConnectOptions apply(PgConnectOptions options) {
        String login = user.orElse(options.getUser());
        return options.setUser(login).setPassword(password(options.getHost(), options.getPort(), login));
    }

    @Override
    public Map<String, String> getCredentials(String credentialsProviderName) {
        PgConnectOptions endpoint = reactiveUrl.map(PgConnectOptions::fromUri).orElseGet(PgConnectOptions::new);
        String login = user.orElse(endpoint.getUser());
        return Map.of(
                USER_PROPERTY_NAME,
                login,
                PASSWORD_PROPERTY_NAME,
                password(endpoint.getHost(), endpoint.getPort(), login));
    }

    private String password(String host, int port, String login) {
        return switch (config.credentials()) {
            case CONFIG -> password.orElse("");
            case FILE -> readPasswordFile();
            case RDS_IAM -> tokens().token(host, port, login);
        };
    }

    private String readPasswordFile() {
        Path file = config.passwordFile()
                .orElseThrow(() -> new IllegalStateException(
                        "charter.database.credentials=file needs charter.database.password-file"));
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the database password file " + file, e);
        }
    }

    private RdsIamTokens tokens() {
        RdsIamTokens current = tokens;
        if (current == null) {
            current = RdsIamTokens.fromEnvironment();
            tokens = current;
        }
        return current;
    }
}
