package dev.charter.attachment;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.testsupport.Db;
import dev.charter.testsupport.Pair;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A user's uploads count against {@code charter.attachments.quota-bytes}, declared or streamed. */
@QuarkusTest
@TestProfile(AttachmentQuotaTest.SmallQuota.class)
public class AttachmentQuotaTest {

    public static class SmallQuota implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("charter.attachments.quota-bytes", "150000");
        }
    }

    @Test
    void uploadsPastTheQuotaAreRefusedAndNotKept() {
        Pair p = Pair.create();
        Uploads.uploaded(p.aliceToken(), p.conversation(), "application/octet-stream", Uploads.random(100_000, 1));

        Uploads.upload(p.aliceToken(), p.conversation(), "application/octet-stream", Uploads.random(60_000, 2))
                .then()
                .statusCode(422)
                .body("code", equalTo("quota_exceeded"));
        HttpResponse<String> streamed = Uploads.raw(
                p.aliceToken(), p.conversation(), "application/octet-stream", Uploads.random(60_000, 3), true);
        assertEquals(422, streamed.statusCode(), "a streamed upload is counted once its size is known");
        assertTrue(streamed.body().contains("\"code\":\"quota_exceeded\""), streamed.body());
        assertEquals(1, Db.count("SELECT count(*) FROM attachment WHERE uploader_id = ?", p.alice()));

        Uploads.uploaded(p.aliceToken(), p.conversation(), "application/octet-stream", Uploads.random(50_000, 4));
        Uploads.uploaded(p.bobToken(), p.conversation(), "application/octet-stream", Uploads.random(100_000, 5));
    }
}
