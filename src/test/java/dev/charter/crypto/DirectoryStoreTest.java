package dev.charter.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.ledger.DirectoryStore;
import dev.charter.ledger.LedgerEntry;
import dev.charter.ledger.LedgerSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DirectoryStore} and the JSON-lines shred ledger existing deployments have in {@code charter.ledger.dir}. */
class DirectoryStoreTest {

    @TempDir
    Path dir;

    @Test
    void writesOnceAndNeverReplaces() throws Exception {
        DirectoryStore store = new DirectoryStore(dir);
        assertTrue(store.putIfAbsent("audit/checkpoint-1.jsonl", "first".getBytes(StandardCharsets.UTF_8)));
        assertFalse(store.putIfAbsent("audit/checkpoint-1.jsonl", "second".getBytes(StandardCharsets.UTF_8)));
        assertEquals("first", Files.readString(dir.resolve("audit/checkpoint-1.jsonl")));
        assertTrue(store.putIfAbsent("audit/checkpoint-0.jsonl", new byte[0]));
        assertEquals(
                List.of("audit/checkpoint-0.jsonl", "audit/checkpoint-1.jsonl"),
                store.list("audit/"),
                "sorted, and no temporary files");
        assertEquals(List.of("audit/checkpoint-1.jsonl"), store.list("audit/", "audit/checkpoint-0.jsonl"));
        assertTrue(store.get("audit/none").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> store.get("../outside"));
    }

    @Test
    void theLedgerInADirectoryStaysOneJsonLinesFile() throws Exception {
        LedgerSink sink = new LedgerSink(new DirectoryStore(dir), new ObjectMapper());
        UUID key = UUID.randomUUID();
        LedgerEntry first = sink.append("2026-03-01T10:00:00Z", "user", "a".repeat(64), null, List.of(key));
        sink.append("2026-03-01T10:00:01Z", "before_epoch", null, 202401, List.of());
        sink.keepReceipt(first.position(), "{}");

        List<String> lines = Files.readAllLines(dir.resolve(LedgerSink.FILE));
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).startsWith("{\"position\":1,") && lines.get(0).contains(key.toString()), lines.get(0));
        assertTrue(Files.exists(dir.resolve("receipts/00000000000000000001.json")));
        List<LedgerEntry> entries = sink.readAll();
        assertTrue(sink.verify(entries));
        assertEquals(first, entries.get(0));
    }
}
