package dev.charter.attachment;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.charter.testsupport.Api;
import dev.charter.testsupport.Db;
import dev.charter.testsupport.Pair;
import dev.charter.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Known-bad file digests (src/test/resources/known-bad-files): a listed file is refused with
 * {@code blocked_by_policy}, nothing of it is kept, and moderators get one report per uploader and file.
 */
@QuarkusTest
public class AttachmentScreeningTest {

    static final byte[] LISTED_EVERYWHERE =
            "charter known-bad test file: refused everywhere\n".getBytes(StandardCharsets.UTF_8);
    static final byte[] LISTED_IN_EU =
            "charter known-bad test file: refused under the eu rule set only\n".getBytes(StandardCharsets.UTF_8);

    private static long storedFiles() {
        try (Stream<Path> files = Files.walk(AttachmentTest.DIR)) {
            return files.filter(Files::isRegularFile).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aListedFileIsRefusedKeptNowhereAndReportedOnce() {
        Pair p = Pair.create();
        long filesBefore = storedFiles();
        for (int attempt = 0; attempt < 2; attempt++) {
            Uploads.upload(p.aliceToken(), p.conversation(), "application/octet-stream", LISTED_EVERYWHERE)
                    .then()
                    .statusCode(422)
                    .contentType("application/problem+json")
                    .body("code", equalTo("blocked_by_policy"))
                    .body("category", equalTo("test_abuse"));
        }
        assertEquals(0, Db.count("SELECT count(*) FROM attachment WHERE uploader_id = ?", p.alice()));
        assertEquals(filesBefore, storedFiles(), "no sealed file is left in the store");

        List<List<Object>> reports = Db.rows(
                "SELECT source, reason, category, seq, conversation_id::text, attachment_sha256, note"
                        + " FROM report WHERE reported_user = ?",
                p.alice());
        assertEquals(1, reports.size(), "a retried upload does not open a second report");
        List<Object> report = reports.get(0);
        assertEquals("upload", report.get(0));
        assertEquals("illegal", report.get(1), "known-bad lists hold illegal material: first in the queue");
        assertEquals("test_abuse", report.get(2));
        assertEquals(0L, ((Number) report.get(3)).longValue());
        assertEquals(p.conversation().toString(), report.get(4));
        assertEquals(Uploads.sha256(LISTED_EVERYWHERE), report.get(5));
        assertEquals(
                "Refused upload: application/octet-stream, " + LISTED_EVERYWHERE.length + " bytes, SHA-256 "
                        + Uploads.sha256(LISTED_EVERYWHERE),
                report.get(6));

        String reportId = Db.rows("SELECT id::text FROM report WHERE reported_user = ?", p.alice())
                .get(0)
                .get(0)
                .toString();
        Api.as(Tokens.withRoles(Tokens.newUserId("mod"), "moderator"))
                .get("/v1/admin/reports/" + reportId)
                .then()
                .statusCode(200)
                .body("report.source", equalTo("upload"))
                .body("report.reason", equalTo("illegal"))
                .body("content.source", equalTo("upload"))
                .body("content.unavailable", equalTo(true));
    }

    @Test
    void aRuleSetsOwnListAppliesOnlyInItsJurisdictions() {
        Pair p = Pair.create(); // DE: the GDPR profile, rule set eu
        Uploads.upload(p.aliceToken(), p.conversation(), "application/octet-stream", LISTED_IN_EU)
                .then()
                .statusCode(422)
                .body("code", equalTo("blocked_by_policy"))
                .body("category", equalTo("test_terror"));

        String carol = Tokens.newUserId("carol");
        String carolToken = Tokens.user(carol, "US");
        Api.as(carolToken).get("/v1/conversations").then().statusCode(200);
        UUID own = Api.group(carolToken, "notes", List.of());
        Uploads.upload(carolToken, own, "application/octet-stream", LISTED_IN_EU)
                .then()
                .statusCode(201)
                .body("sha256", equalTo(Uploads.sha256(LISTED_IN_EU)));
        Uploads.upload(carolToken, own, "application/octet-stream", LISTED_EVERYWHERE)
                .then()
                .statusCode(422)
                .body("category", equalTo("test_abuse"));
    }
}
