package dev.charter.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** How Charter logs in to PostgreSQL, and the migration step that prepares its login role. */
@ConfigMapping(prefix = "charter.database")
public interface DatabaseConfig {

    /**
     * Where the password of every new connection comes from. {@code config}: {@code quarkus.datasource.password},
     * fixed for the life of the process. {@code file}: read from {@link #passwordFile()} for each new connection
     * (a mounted secret that a rotation rewrites). {@code rds-iam}: an RDS IAM authentication token signed with the
     * task's AWS credentials for each new connection; nothing to rotate.
     */
    @WithDefault("config")
    CredentialSource credentials();

    /** The password file for {@code credentials=file}. */
    Optional<Path> passwordFile();

    /**
     * The login role the service runs as. When set, the start-up migrates the schema as the configured (owner)
     * user, makes sure this role exists with the rights it needs on Charter's tables, then exits: the region
     * module runs it as a one-off task before the service rolls out.
     */
    Optional<String> appRole();

    enum CredentialSource {
        CONFIG,
        FILE,
        RDS_IAM
    }
}
