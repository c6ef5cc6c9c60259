package dev.charter.attachment;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.charter.testsupport.Api;
import dev.charter.testsupport.Db;
import dev.charter.testsupport.Pair;
import dev.charter.testsupport.Tokens;
import dev.charter.testsupport.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A moderator opens the files of a reported message, and only those; every opening is audited. */
@QuarkusTest
public class ReportedAttachmentTest {

    @Test
    void aModeratorOpensTheReportedMessagesFilesAndNothingElse() {
        Pair p = Pair.create();
        byte[] file = Uploads.random(150_000, 31);
        UUID attached = Uploads.uploaded(p.aliceToken(), p.conversation(), "application/octet-stream", file);
        UUID other = Uploads.uploaded(p.aliceToken(), p.conversation(), "application/octet-stream", new byte[] {7});
        long seq;
        try (WsClient alice = WsClient.open(p.aliceToken())) {
            ObjectNode send = WsClient.frame("send", "s1")
                    .put("conversation", p.conversation().toString())
                    .put("clientMsgId", UUID.randomUUID().toString())
                    .put("text", "see attached");
            send.putArray("attachments").add(attached.toString());
            alice.send(send);
            seq = alice.awaitRef("s1").path("seq").asLong();
        }
        String reportId = Api.as(p.bobToken())
                .body(Map.of("conversation", p.conversation(), "seq", seq, "reason", "illegal"))
                .post("/v1/reports")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String moderatorId = Tokens.newUserId("mod");
        String moderator = Tokens.withRoles(moderatorId, "moderator");
        String base = "/v1/admin/reports/" + reportId + "/attachments";

        Api.as(moderator)
                .get(base)
                .then()
                .statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].id", equalTo(attached.toString()))
                .body("[0].size", equalTo(file.length))
                .body("[0].sha256", equalTo(Uploads.sha256(file)));

        Response whole = Api.as(moderator).get(base + "/" + attached);
        whole.then().statusCode(200).header("Content-Length", String.valueOf(file.length));
        assertArrayEquals(file, whole.asByteArray());
        Response part = Api.as(moderator).header("Range", "bytes=70000-70009").get(base + "/" + attached);
        part.then().statusCode(206).header("Content-Range", "bytes 70000-70009/" + file.length);
        assertArrayEquals(Arrays.copyOfRange(file, 70_000, 70_010), part.asByteArray());

        Api.as(moderator).get(base + "/" + other).then().statusCode(404).body("code", equalTo("not_found"));
        Api.as(moderator)
                .get("/v1/admin/reports/" + UUID.randomUUID() + "/attachments/" + attached)
                .then()
                .statusCode(404);
        Api.as(p.bobToken()).get(base + "/" + attached).then().statusCode(403);
        Api.as(p.bobToken()).get(base).then().statusCode(403);

        assertEquals(
                2,
                Db.count(
                        "SELECT count(*) FROM audit_event WHERE action = 'moderation.attachment.read'"
                                + " AND actor = ? AND subject = ? AND details->>'report' = ?"
                                + " AND details->>'attachment' = ?",
                        moderatorId,
                        p.alice(),
                        reportId,
                        attached.toString()),
                "each opening is audited; refused ones are not openings");
        assertEquals(
                1,
                Db.count(
                        "SELECT count(*) FROM audit_event WHERE action = 'moderation.attachments.list' AND actor = ?",
                        moderatorId));
    }
}
