package dev.charter.crypto;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.LaunchMode;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The external append-only sink of the shred ledger: a JSON-lines file in {@code charter.ledger.dir},
 * outside the database and its backups (in AWS, point the directory at storage with retention locks or
 * use the S3 Object Lock bucket). Appends take an OS file lock, so instances sharing the directory agree
 * on positions, and are fsynced before the keys are destroyed: an entry in the sink is a promise that is
 * kept on every start-up. Blocking I/O: call from a worker thread.
 */
@ApplicationScoped
public class LedgerSink {

    static final String FILE = "shred-ledger.jsonl";
    static final String GENESIS = "0".repeat(64);

    private final Path file;
    private final ObjectMapper json;

    @jakarta.inject.Inject
    LedgerSink(LedgerConfig config, ObjectMapper json) {
        this(resolve(config, LaunchMode.current()), json);
    }

    LedgerSink(Path dir, ObjectMapper json) {
        this.file = dir.resolve(FILE);
        this.json = json;
    }

    private static Path resolve(LedgerConfig config, LaunchMode mode) {
        if (config.dir().isPresent()) {
            return Path.of(config.dir().get());
        }
        if (config.s3Bucket().isPresent()) {
            throw new IllegalStateException("charter.ledger.s3-bucket is not supported by this build yet; "
                    + "set charter.ledger.dir (e.g. a mounted, retention-locked volume)");
        }
        if (mode == LaunchMode.DEVELOPMENT || mode == LaunchMode.TEST) {
            return Path.of(".charter", "ledger");
        }
        throw new IllegalStateException("charter.ledger.dir is required: the shred ledger must live outside the database");
    }

    /** Appends an entry and returns it with its position and hash; durable when this returns. */
    public LedgerEntry append(String at, String scope, String subject, Integer beforeEpoch, List<UUID> keyIds) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND); FileLock ignored = channel.lock()) {
                List<LedgerEntry> existing = readAll();
                LedgerEntry last = existing.isEmpty() ? null : existing.get(existing.size() - 1);
                long position = last == null ? 1 : last.position() + 1;
                String prevHash = last == null ? GENESIS : last.hash();
                LedgerEntry unhashed = new LedgerEntry(position, at, scope, subject, beforeEpoch, keyIds, prevHash, null);
                LedgerEntry entry = new LedgerEntry(position, at, scope, subject, beforeEpoch, keyIds, prevHash,
                        hash(prevHash, body(unhashed)));
                byte[] line = (json.writeValueAsString(fields(entry)) + "\n").getBytes(StandardCharsets.UTF_8);
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
                return entry;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the shred ledger sink", e);
        }
    }

    /** Every entry, oldest first; a torn last line (crash mid-append) is ignored. */
    public List<LedgerEntry> readAll() {
        List<LedgerEntry> entries = new ArrayList<>();
        if (!Files.exists(file)) {
            return entries;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    entries.add(json.readValue(line, LedgerEntry.class));
                } catch (IOException torn) {
                    break;
                }
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the shred ledger sink", e);
        }
    }

    /** True when every entry's hash matches its content and its predecessor. */
    public boolean verify(List<LedgerEntry> entries) {
        String prev = GENESIS;
        for (LedgerEntry entry : entries) {
            if (!prev.equals(entry.prevHash()) || !entry.hash().equals(hash(prev, body(entry)))) {
                return false;
            }
            prev = entry.hash();
        }
        return true;
    }

    private String body(LedgerEntry entry) {
        Map<String, Object> fields = fields(entry);
        fields.remove("hash");
        try {
            return json.writeValueAsString(fields);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> fields(LedgerEntry entry) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("position", entry.position());
        fields.put("at", entry.at());
        fields.put("scope", entry.scope());
        fields.put("subject", entry.subject());
        fields.put("beforeEpoch", entry.beforeEpoch());
        fields.put("keyIds", entry.keyIds().stream().map(UUID::toString).toList());
        fields.put("prevHash", entry.prevHash());
        fields.put("hash", entry.hash());
        return fields;
    }

    static String hash(String prevHash, String body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(prevHash.getBytes(StandardCharsets.US_ASCII));
            sha.update((byte) '\n');
            sha.update(body.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
