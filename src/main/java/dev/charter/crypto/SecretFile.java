package dev.charter.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/** A key kept in a local file, generated once and readable by its owner only. Its content is never logged. */
final class SecretFile {

    private static final Logger LOG = Logger.getLogger(SecretFile.class);

    private SecretFile() {}

    /** The file's trimmed content; when the file is missing it is first created with {@code generate}'s value. */
    static String readOrCreate(Path file, Supplier<String> generate, String what) throws IOException {
        if (!Files.exists(file)) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, generate.get(), StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows and some container mounts have no POSIX permissions; the file is still private to
                // the deployment's directory.
            }
            LOG.infof("generated a %s in %s", what, file.toAbsolutePath());
        }
        return Files.readString(file, StandardCharsets.US_ASCII).trim();
    }
}
