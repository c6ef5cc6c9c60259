package dev.charter.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The shred ledger as one JSON-lines file in {@code charter.ledger.dir} (the format of existing deployments).
 * Appends take an OS file lock, so instances sharing the directory agree on positions, and are fsynced.
 */
final class FileLedger implements LedgerLog {

    private final Path file;
    private final LedgerCodec codec;

    FileLedger(Path file, LedgerCodec codec) {
        this.file = file;
        this.codec = codec;
    }

    @Override
    public LedgerEntry append(UnaryOperator<LedgerEntry> next) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel channel = FileChannel.open(
                            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                    FileLock ignored = channel.lock()) {
                List<LedgerEntry> existing = readAll();
                LedgerEntry entry = next.apply(existing.isEmpty() ? null : existing.get(existing.size() - 1));
                ByteBuffer buffer = ByteBuffer.wrap((codec.encode(entry) + "\n").getBytes(StandardCharsets.UTF_8));
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

    /** A torn last line (crash mid-append) is ignored. */
    @Override
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
                    entries.add(codec.decode(line));
                } catch (IOException torn) {
                    break;
                }
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the shred ledger sink", e);
        }
    }
}
