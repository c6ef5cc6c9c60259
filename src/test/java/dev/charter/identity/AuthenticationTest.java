package dev.charter.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.charter.testsupport.Tokens;
import dev.charter.testsupport.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.smallrye.jwt.build.Jwt;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

@QuarkusTest
public class AuthenticationTest {

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String payload(String sub) {
        long now = System.currentTimeMillis() / 1000;
        return "{\"iss\":\"" + Tokens.ISSUER + "\",\"sub\":\"" + sub + "\",\"groups\":[\"user\"],\"country\":\"DE\","
                + "\"aud\":\"" + Tokens.AUDIENCE + "\",\"iat\":" + now + ",\"exp\":" + (now + 3600) + "}";
    }

    static String expiredToken() {
        long now = System.currentTimeMillis() / 1000;
        return Tokens.claims(Tokens.newUserId("expired"), "DE")
                .issuedAt(now - 7200)
                .expiresAt(now - 3600)
                .sign(Tokens.key());
    }

    static String wrongIssuerToken() {
        return Jwt.issuer("https://evil.example")
                .subject(Tokens.newUserId("mallory"))
                .claim("country", "DE")
                .audience(Tokens.AUDIENCE)
                .expiresIn(3600)
                .sign(Tokens.key());
    }

    static String badSignatureToken() {
        String valid = Tokens.user(Tokens.newUserId("forged"));
        String[] parts = valid.split("\\.");
        return parts[0] + "." + b64(payload("someone-else")) + "." + parts[2];
    }

    static String algNoneToken() {
        return b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(payload(Tokens.newUserId("none"))) + ".";
    }

    /** HS256 signed with the server's public key as the HMAC secret: the classic key-confusion attack. */
    static String hs256WithPublicKeyToken() throws Exception {
        byte[] publicPem = Files.readAllBytes(Path.of("src/test/resources/jwt/public.pem"));
        return Jwt.issuer(Tokens.ISSUER)
                .subject(Tokens.newUserId("confused"))
                .claim("country", "DE")
                .audience(Tokens.AUDIENCE)
                .expiresIn(3600)
                .jws()
                .algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.HS256)
                .sign(new SecretKeySpec(publicPem, "HmacSHA256"));
    }

    private static void assertRestRefused(String authorization) {
        var request = given();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        request.when()
                .get("/v1/conversations")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("status", equalTo(401))
                .body("code", equalTo("unauthorized"));
    }

    private static void assertWsRefused(String authorization) {
        assertEquals(401, WsClient.refusedStatus(WsClient.uri(RestAssured.port), authorization));
    }

    @Test
    void missingTokenIsRefused() {
        assertRestRefused(null);
        assertWsRefused(null);
    }

    @Test
    void expiredTokenIsRefused() {
        assertRestRefused("Bearer " + expiredToken());
        assertWsRefused("Bearer " + expiredToken());
    }

    @Test
    void wrongIssuerIsRefused() {
        assertRestRefused("Bearer " + wrongIssuerToken());
        assertWsRefused("Bearer " + wrongIssuerToken());
    }

    @Test
    void badSignatureIsRefused() {
        assertRestRefused("Bearer " + badSignatureToken());
        assertWsRefused("Bearer " + badSignatureToken());
    }

    @Test
    void algNoneIsRefused() {
        assertRestRefused("Bearer " + algNoneToken());
        assertWsRefused("Bearer " + algNoneToken());
    }

    @Test
    void hs256SignedWithThePublicKeyIsRefused() throws Exception {
        assertRestRefused("Bearer " + hs256WithPublicKeyToken());
        assertWsRefused("Bearer " + hs256WithPublicKeyToken());
    }

    @Test
    void tokenWithoutCountryIsRefused() {
        String token = Jwt.issuer(Tokens.ISSUER)
                .subject(Tokens.newUserId("nocountry"))
                .audience(Tokens.AUDIENCE)
                .expiresIn(3600)
                .sign(Tokens.key());
        assertRestRefused("Bearer " + token);
        assertWsRefused("Bearer " + token);
    }

    @Test
    void tokenInQueryStringIsRefusedEvenWithValidHeader() {
        String token = Tokens.user(Tokens.newUserId("leaky"));
        for (String param : new String[] {"access_token", "token", "jwt"}) {
            given().header("Authorization", "Bearer " + token)
                    .queryParam(param, token)
                    .when()
                    .get("/v1/conversations")
                    .then()
                    .statusCode(401)
                    .body("code", equalTo("unauthorized"));
            int status = WsClient.refusedStatus(
                    java.net.URI.create(WsClient.uri(RestAssured.port) + "?" + param + "=" + token), "Bearer " + token);
            assertEquals(401, status);
        }
    }

    @Test
    void validTokenIsAcceptedAndCreatesTheUser() {
        String sub = Tokens.newUserId("valid");
        given().header("Authorization", "Bearer " + Tokens.user(sub))
                .when()
                .get("/v1/conversations")
                .then()
                .statusCode(200);
        assertEquals(1, dev.charter.testsupport.Db.count("SELECT count(*) FROM app_user WHERE id = ?", sub));
    }

    @Test
    void browsersAuthenticateThroughTheSubprotocolHeader() throws Exception {
        // The JDK client rejects spaces in sub-protocols; browsers and Vert.x send them as they are.
        String sub = Tokens.newUserId("browser");
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try {
            var welcome = new java.util.concurrent.CompletableFuture<String>();
            var options = new io.vertx.core.http.WebSocketConnectOptions()
                    .setHost("localhost")
                    .setPort(RestAssured.port)
                    .setURI("/v1/ws")
                    .setSubProtocols(java.util.List.of(
                            "charter.v1", "quarkus-http-upgrade#Authorization#Bearer " + Tokens.user(sub)));
            // The handler is set on the event loop as the connection completes: set later, from this thread,
            // it can miss a welcome the server sends at once.
            var socket = vertx.createHttpClient()
                    .webSocket(options)
                    .onSuccess(ws -> ws.textMessageHandler(welcome::complete))
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, java.util.concurrent.TimeUnit.SECONDS);
            String frame = welcome.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals("charter.v1", socket.subProtocol());
            org.junit.jupiter.api.Assertions.assertTrue(frame.contains("\"type\":\"welcome\""), frame);
            org.junit.jupiter.api.Assertions.assertTrue(frame.contains("\"user\":\"" + sub + "\""), frame);
            socket.close();
        } finally {
            vertx.close();
        }
    }
}
