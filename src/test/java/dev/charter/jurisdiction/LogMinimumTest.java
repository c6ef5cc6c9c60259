package dev.charter.jurisdiction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The minimum some laws set for logs ({@code logRetention}) holds because nothing in the service deletes a log: the
 * audit log (every access to a user's data by someone else) is append-only in the database (AuditTest), and the
 * connection logs are the load balancer's, whose expiry Terraform holds back to the longest minimum of the region's
 * countries (infra/terraform/modules/region/log_minimum.tf). This test reads every statement in the code that
 * deletes rows: a new one fails here until it is classified below, so no log table starts being pruned unseen.
 */
class LogMinimumTest {

    private static final Pattern DELETE = Pattern.compile("DELETE\\s+FROM\\s+([a-z_]+)", Pattern.CASE_INSENSITIVE);

    /** Every table the code deletes from, and why none of them is a log the law makes Charter keep. */
    private static final Map<String, String> DELETED_TABLES = Map.ofEntries(
            Map.entry("analytics_event", "usage events for the analytics purpose, deleted with the user's erasure"),
            Map.entry("attachment", "user content, deleted by erasure and retention"),
            Map.entry("consent", "the user's consent history, deleted with their erasure"),
            Map.entry("data_key", "keys, destroyed by crypto-shredding (the shred ledger keeps their ids)"),
            Map.entry("federation_nonce", "region-to-region replay protection: request ids of peers, no user's data"),
            Map.entry("member", "conversation membership, not a record of access"),
            Map.entry("message", "user content"),
            Map.entry("message_original", "user content (originals of edited messages)"),
            Map.entry("push_device", "device push tokens"),
            Map.entry("push_instance", "heartbeats of running instances"),
            Map.entry(
                    "push_presence",
                    "the latest connected/disconnected state per user and instance, overwritten by every change: a"
                            + " state, never a history of connections"),
            Map.entry("push_throttle", "when the last push per conversation went, to space pushes"),
            Map.entry("transfer_subject", "the user's part of the transfer register, deleted with their erasure"),
            Map.entry("user_block", "blocks between users"));

    private static final Set<String> LOG_TABLES = Set.of("audit_event", "audit_head");

    @Test
    void noStatementDeletesALogAndEveryDeletionIsClassified() {
        Set<String> deleted = new TreeSet<>();
        deleted.addAll(tablesDeletedIn(Path.of("src/main/java"), ".java"));
        deleted.addAll(tablesDeletedIn(Path.of("src/main/resources/db/migration"), ".sql"));
        for (String log : LOG_TABLES) {
            assertFalse(deleted.contains(log), "the code deletes from the log table " + log);
        }
        assertEquals(
                new TreeSet<>(DELETED_TABLES.keySet()),
                deleted,
                "a statement deletes from a table not classified here: say why it is not a log the law makes"
                        + " Charter keep (logRetention), or keep it as long as the longest minimum");
    }

    private static Set<String> tablesDeletedIn(Path dir, String suffix) {
        Set<String> tables = new TreeSet<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(suffix)).toList()) {
                String text = Files.readString(file);
                if (suffix.equals(".sql")) {
                    // Migrations: only statements, not the trigger functions that refuse a DELETE.
                    text = text.replaceAll("(?m)--.*$", "");
                }
                Matcher m = DELETE.matcher(text);
                while (m.find()) {
                    tables.add(m.group(1).toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tables;
    }
}
