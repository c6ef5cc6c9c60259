package dev.charter.attachment;

import static io.restassured.RestAssured.given;

import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.UUID;

/** Attachment calls of the tests: uploads with and without a declared length, downloads. */
final class Uploads {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private Uploads() {}

    static Response upload(String token, UUID conversation, String contentType, byte[] body) {
        return given().header("Authorization", "Bearer " + token)
                .contentType(contentType)
                .body(body)
                .post("/v1/conversations/" + conversation + "/attachments");
    }

    static UUID uploaded(String token, UUID conversation, String contentType, byte[] body) {
        return UUID.fromString(upload(token, conversation, contentType, body)
                .then()
                .statusCode(201)
                .extract()
                .path("id"));
    }

    /**
     * Through the JDK client: {@code chunked} streams the body without a Content-Length; otherwise the length is
     * declared and the client waits for {@code 100 Continue}, so a refusal comes before the body is sent.
     */
    static HttpResponse<String> raw(String token, UUID conversation, String contentType, byte[] body, boolean chunked) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(
                        "http://localhost:" + RestAssured.port + "/v1/conversations/" + conversation + "/attachments"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", contentType);
        request = chunked
                ? request.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                : request.expectContinue(true).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Response download(String token, UUID attachment) {
        return given().header("Authorization", "Bearer " + token).get("/v1/attachments/" + attachment);
    }

    static Response download(String token, UUID attachment, String range) {
        return given().header("Authorization", "Bearer " + token)
                .header("Range", range)
                .get("/v1/attachments/" + attachment);
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
