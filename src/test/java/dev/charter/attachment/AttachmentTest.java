package dev.charter.attachment;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.testsupport.Api;
import dev.charter.testsupport.Db;
import dev.charter.testsupport.Pair;
import dev.charter.testsupport.PgDump;
import dev.charter.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Uploading, reading and destroying attachments through the REST API, against the real database and store. */
@QuarkusTest
public class AttachmentTest {

    static final Path DIR = Path.of("target", "test-attachments");
    static final int MAX = 25 * 1024 * 1024;

    @Test
    void filesOfZeroOneAndTheLimitInBytesComeBackAsUploaded() {
        Pair p = Pair.create();
        for (byte[] file : List.of(new byte[0], new byte[] {42}, Uploads.random(MAX, 7))) {
            Response created = Uploads.upload(p.aliceToken(), p.conversation(), "application/octet-stream", file);
            created.then()
                    .statusCode(201)
                    .body("contentType", equalTo("application/octet-stream"))
                    .body("size", equalTo(file.length))
                    .body("sha256", equalTo(Uploads.sha256(file)));
            UUID id = UUID.fromString(created.path("id"));

            Response read = Uploads.download(p.bobToken(), id);
            read.then()
                    .statusCode(200)
                    .header("Content-Type", "application/octet-stream")
                    .header("Content-Length", String.valueOf(file.length))
                    .header("Accept-Ranges", "bytes");
            assertArrayEquals(file, read.asByteArray(), "the member reads back exactly what was uploaded");
        }
    }

    @Test
    void aFileOverTheLimitIsRefusedAndNothingIsKept() throws IOException {
        Pair p = Pair.create();
        byte[] tooLarge = Uploads.random(MAX + 1, 8);
        long rowsBefore = Db.count("SELECT count(*) FROM attachment WHERE uploader_id = ?", p.alice());

        HttpResponse<String> declared =
                Uploads.raw(p.aliceToken(), p.conversation(), "application/octet-stream", tooLarge, false);
        assertEquals(413, declared.statusCode());
        assertTrue(declared.body().contains("\"code\":\"payload_too_large\""), declared.body());

        HttpResponse<String> streamed =
                Uploads.raw(p.aliceToken(), p.conversation(), "application/octet-stream", tooLarge, true);
        assertEquals(413, streamed.statusCode(), "a body without Content-Length is cut off while it streams");
        assertTrue(streamed.body().contains("\"code\":\"payload_too_large\""), streamed.body());

        assertEquals(rowsBefore, Db.count("SELECT count(*) FROM attachment WHERE uploader_id = ?", p.alice()));
        try (Stream<Path> files = Files.list(DIR)) {
            assertEquals(
                    List.of(),
                    files.filter(f -> f.getFileName().toString().endsWith(".partial"))
                            .toList(),
                    "no partial file is left behind");
        }

        HttpResponse<String> chunkedOk = Uploads.raw(
                p.aliceToken(), p.conversation(), "application/octet-stream", Uploads.random(200_000, 9), true);
        assertEquals(201, chunkedOk.statusCode(), chunkedOk.body());
        assertTrue(chunkedOk.body().contains("\"size\":200000"), chunkedOk.body());
    }

    @Test
    void rangesOpenOnlyWhatIsAskedFor() {
        Pair p = Pair.create();
        byte[] file = Uploads.random(200_000, 11);
        UUID id = Uploads.uploaded(p.aliceToken(), p.conversation(), "application/octet-stream", file);

        Response first = Uploads.download(p.bobToken(), id, "bytes=0-9");
        first.then().statusCode(206).header("Content-Range", "bytes 0-9/200000").header("Content-Length", "10");
        assertArrayEquals(Arrays.copyOfRange(file, 0, 10), first.asByteArray());

        Response across = Uploads.download(p.bobToken(), id, "bytes=65530-65545");
        across.then().statusCode(206).header("Content-Range", "bytes 65530-65545/200000");
        assertArrayEquals(Arrays.copyOfRange(file, 65530, 65546), across.asByteArray(), "across a chunk boundary");

        Response suffix = Uploads.download(p.bobToken(), id, "bytes=-10");
        suffix.then().statusCode(206).header("Content-Range", "bytes 199990-199999/200000");
        assertArrayEquals(Arrays.copyOfRange(file, 199_990, 200_000), suffix.asByteArray());

        Response open = Uploads.download(p.bobToken(), id, "bytes=131000-");
        open.then().statusCode(206).header("Content-Range", "bytes 131000-199999/200000");
        assertArrayEquals(Arrays.copyOfRange(file, 131_000, 200_000), open.asByteArray());

        Uploads.download(p.bobToken(), id, "bytes=200000-200010")
                .then()
                .statusCode(416)
                .header("Content-Range", "bytes */200000")
                .body("code", equalTo("range_not_satisfiable"));
    }

    @Test
    void onlyMembersSeeAnAttachmentAndOthersGet404() {
        Pair p = Pair.create();
        String carol = Tokens.newUserId("carol");
        String carolToken = Api.register(carol);
        UUID id = Uploads.uploaded(p.aliceToken(), p.conversation(), "application/octet-stream", new byte[] {1, 2});

        Uploads.download(carolToken, id).then().statusCode(404).body("code", equalTo("not_found"));
        Uploads.download(carolToken, UUID.randomUUID()).then().statusCode(404).body("code", equalTo("not_found"));
        Uploads.upload(carolToken, p.conversation(), "application/octet-stream", new byte[] {1})
                .then()
                .statusCode(404)
                .body("code", equalTo("not_found"));
        io.restassured.RestAssured.given().get("/v1/attachments/" + id).then().statusCode(401);
    }

    @Test
    void theDeclaredTypeMustMatchTheBytes() {
        Pair p = Pair.create();
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13};
        Uploads.upload(p.aliceToken(), p.conversation(), "image/png", png)
                .then()
                .statusCode(201)
                .body("contentType", equalTo("image/png"));
        byte[] pdf = "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII);
        Uploads.upload(p.aliceToken(), p.conversation(), "application/pdf", pdf)
                .then()
                .statusCode(201);

        Uploads.upload(
                        p.aliceToken(),
                        p.conversation(),
                        "image/png",
                        "MZ not a picture".getBytes(StandardCharsets.UTF_8))
                .then()
                .statusCode(415)
                .body("code", equalTo("content_type_mismatch"));
        Uploads.upload(p.aliceToken(), p.conversation(), "image/jpeg", png)
                .then()
                .statusCode(415)
                .body("code", equalTo("content_type_mismatch"));
        Uploads.upload(p.aliceToken(), p.conversation(), "image/svg+xml", "<svg/>".getBytes(StandardCharsets.UTF_8))
                .then()
                .statusCode(415)
                .body("code", equalTo("unsupported_media_type"));
        Uploads.download(p.bobToken(), Uploads.uploaded(p.aliceToken(), p.conversation(), "image/png", png))
                .then()
                .statusCode(200)
                .header("Content-Type", "image/png");
    }

    @Test
    void aPlaintextCanaryIsNowhereAtRest() throws IOException {
        Pair p = Pair.create();
        String canary = "CANARY-" + UUID.randomUUID();
        byte[] file = (canary + " ").repeat(5000).getBytes(StandardCharsets.US_ASCII);
        UUID id = Uploads.uploaded(p.aliceToken(), p.conversation(), "application/octet-stream", file);
        assertArrayEquals(file, Uploads.download(p.bobToken(), id).asByteArray());

        byte[] needle = canary.getBytes(StandardCharsets.US_ASCII);
        try (Stream<Path> files = Files.walk(DIR)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(contains(Files.readAllBytes(f), needle), "plaintext found in " + f);
            }
        }
        assertTrue(Files.size(DIR.resolve(id.toString())) > file.length, "the sealed file is there");
        String hex = HexFormat.of().formatHex(needle);
        String dump = new String(
                PgDump.read(PgDump.dump(PgDump.currentDatabase(), Files.createTempFile("attachments", ".sql"))),
                StandardCharsets.UTF_8);
        assertFalse(dump.contains(canary), "no plaintext in the database");
        assertFalse(dump.contains(hex), "no plaintext bytes in any bytea");
        assertFalse(dump.contains(Uploads.sha256(file)), "not even the file's digest in the clear");
    }

    @Test
    void afterTheUploadersErasureTheFileIsGone() {
        Pair p = Pair.create();
        byte[] file = Uploads.random(100_000, 12);
        UUID id = Uploads.uploaded(p.aliceToken(), p.conversation(), "application/octet-stream", file);
        Path sealed = DIR.resolve(id.toString());
        assertTrue(Files.exists(sealed));

        Api.as(p.aliceToken())
                .body(Map.of("type", "erasure"))
                .post("/v1/me/requests")
                .then()
                .statusCode(202);
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> Api.as(p.aliceToken()).get("/v1/conversations").statusCode() == 403);

        Uploads.download(p.bobToken(), id).then().statusCode(404).body("code", equalTo("not_found"));
        assertEquals(0, Db.count("SELECT count(*) FROM attachment WHERE uploader_id = ?", p.alice()));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(sealed));
    }

    @Test
    void aFileWhoseKeyIsDestroyedIsDeletedByTheNextRetentionSweep() {
        Pair p = Pair.create();
        UUID id = Uploads.uploaded(
                p.aliceToken(), p.conversation(), "application/octet-stream", Uploads.random(70_000, 13));
        Path sealed = DIR.resolve(id.toString());
        String admin = Tokens.withRoles(Tokens.newUserId("admin"), "admin");
        Api.as(admin)
                .body(Map.of("user", p.alice()))
                .post("/v1/admin/keys/destroy")
                .then()
                .statusCode(200);
        Uploads.download(p.bobToken(), id).then().statusCode(404);
        assertEquals(1, Db.count("SELECT count(*) FROM attachment WHERE id = ?", id), "unreadable, not yet gone");

        Api.as(admin).post("/v1/admin/retention/sweep").then().statusCode(200);
        assertEquals(0, Db.count("SELECT count(*) FROM attachment WHERE id = ?", id));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(sealed));
    }

    @Test
    void theExportListsTheUsersOwnAttachments() {
        Pair p = Pair.create();
        byte[] file = Uploads.random(1000, 13);
        UUID mine = Uploads.uploaded(p.aliceToken(), p.conversation(), "application/octet-stream", file);
        Uploads.uploaded(p.bobToken(), p.conversation(), "application/octet-stream", new byte[] {1});

        String request = Api.as(p.aliceToken())
                .body(Map.of("type", "access"))
                .post("/v1/me/requests")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        String exportUrl = "/v1/me/requests/" + request + "/export";
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> Api.as(p.aliceToken()).get(exportUrl).statusCode() == 200);
        Response export = Api.as(p.aliceToken()).get(exportUrl);
        export.then()
                .statusCode(200)
                .body("attachments.size()", equalTo(1))
                .body("attachments[0].id", equalTo(mine.toString()))
                .body("attachments[0].conversation", equalTo(p.conversation().toString()))
                .body("attachments[0].size", equalTo(1000))
                .body("attachments[0].sha256", equalTo(Uploads.sha256(file)))
                .body("attachments[0].downloadPath", equalTo("/v1/attachments/" + mine));
        assertArrayEquals(
                file,
                Uploads.download(p.aliceToken(), UUID.fromString(export.path("attachments[0].id")))
                        .asByteArray());
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
