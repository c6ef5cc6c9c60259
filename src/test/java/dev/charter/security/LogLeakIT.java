package dev.charter.security;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The same traffic against the packaged application, scanning what it actually wrote to stdout (JSON
 * lines in the prod profile; Quarkus keeps the process output in target/quarkus.log).
 */
@QuarkusIntegrationTest
@TestProfile(LogScanProfile.class)
class LogLeakIT extends LogLeakTest {

    @Override
    List<String> logs() {
        try {
            return Files.readAllLines(Path.of("target", "quarkus.log"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    String masterKey() {
        return System.getenv("CHARTER_KEYS_LOCAL_MASTER_KEY");
    }
}
