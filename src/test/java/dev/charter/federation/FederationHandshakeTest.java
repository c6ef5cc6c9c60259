package dev.charter.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.testsupport.Db;
import dev.charter.testsupport.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(FederationProfile.class)
class FederationHandshakeTest {

    private static final String HELLO = "/v1/federation/hello";

    @TestHTTPResource("/")
    URL base;

    private final HttpClient http = HttpClient.newHttpClient();

    private URI baseUri() throws Exception {
        return base.toURI();
    }

    private static PeerSigner signer(KeyPair key, Clock clock) {
        return new PeerSigner("us-east-1", key.getPrivate(), clock);
    }

    private static long refusals(String reason) {
        return Db.count(
                "SELECT count(*) FROM audit_event WHERE action = 'federation.request_refused'"
                        + " AND details->>'reason' = ? AND actor = ?",
                reason,
                "peer:us-east-1");
    }

    private HttpResponse<String> get(Map<String, String> headers) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(baseUri().resolve(HELLO)).GET();
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertRefused(HttpResponse<String> response) {
        assertEquals(401, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertTrue(response.body().contains("\"code\":\"unauthorized\""), response.body());
    }

    @Test
    void aSignedPeerIsGreeted() throws Exception {
        HttpResponse<String> response = new PeerClient(signer(FederationProfile.US_EAST, Clock.systemUTC()))
                .send("eu-central-1", baseUri(), "GET", HELLO, null);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("{\"region\":\"eu-central-1\",\"peer\":\"us-east-1\"}", response.body());
    }

    @Test
    void anUnsignedRequestIsRefusedAndAudited() throws Exception {
        long before = Db.count("SELECT count(*) FROM audit_event WHERE action = 'federation.request_refused'"
                + " AND details->>'reason' = 'missing_signature' AND actor = 'peer:none'");
        assertRefused(get(Map.of()));
        assertEquals(
                before + 1,
                Db.count("SELECT count(*) FROM audit_event WHERE action = 'federation.request_refused'"
                        + " AND details->>'reason' = 'missing_signature' AND actor = 'peer:none'"));
    }

    @Test
    void anUnpinnedKeyIsRefusedAndAudited() throws Exception {
        long before = refusals("bad_signature");
        KeyPair stranger = FederationProfile.generate();
        assertRefused(get(signer(stranger, Clock.systemUTC()).sign("eu-central-1", "GET", HELLO, new byte[0])));
        assertEquals(before + 1, refusals("bad_signature"));
    }

    @Test
    void aReplayIsRefusedAndAudited() throws Exception {
        Map<String, String> headers =
                signer(FederationProfile.US_EAST, Clock.systemUTC()).sign("eu-central-1", "GET", HELLO, new byte[0]);
        assertEquals(200, get(headers).statusCode());
        assertEquals(
                1,
                Db.count(
                        "SELECT count(*) FROM federation_nonce WHERE region = 'us-east-1' AND nonce = ?",
                        headers.get(PeerSigner.NONCE)));
        long before = refusals("replayed_nonce");
        assertRefused(get(headers));
        assertEquals(before + 1, refusals("replayed_nonce"));
    }

    @Test
    void aStaleTimestampIsRefusedAndAudited() throws Exception {
        long before = refusals("stale_timestamp");
        Clock past = Clock.fixed(Instant.now().minusSeconds(300), ZoneOffset.UTC);
        assertRefused(get(signer(FederationProfile.US_EAST, past).sign("eu-central-1", "GET", HELLO, new byte[0])));
        assertEquals(before + 1, refusals("stale_timestamp"));
    }

    @Test
    void refusalsKeepNoSignatureOrNonce() throws Exception {
        Map<String, String> headers =
                signer(FederationProfile.generate(), Clock.systemUTC()).sign("eu-central-1", "GET", HELLO, new byte[0]);
        assertRefused(get(headers));
        assertFalse(
                Db.count("SELECT count(*) FROM federation_nonce WHERE nonce = ?", headers.get(PeerSigner.NONCE)) > 0);
        assertEquals(
                0,
                Db.count(
                        "SELECT count(*) FROM audit_event WHERE details::text LIKE ? OR details::text LIKE ?",
                        "%" + headers.get(PeerSigner.SIGNATURE).substring(0, 16) + "%",
                        "%" + headers.get(PeerSigner.NONCE) + "%"));
    }

    @Test
    void aUserTokenDoesNotGetThrough() throws Exception {
        String token = Tokens.user(Tokens.newUserId("fed"));
        assertRefused(get(Map.of("Authorization", "Bearer " + token)));
        HttpRequest post = HttpRequest.newBuilder(baseUri().resolve("/v1/federation/anything"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build();
        assertRefused(http.send(post, HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void aSignedPostWithATamperedBodyIsRefused() throws Exception {
        Map<String, String> headers = signer(FederationProfile.US_EAST, Clock.systemUTC())
                .sign("eu-central-1", "POST", "/v1/federation/anything", "{\"a\":1}".getBytes());
        HttpRequest.Builder post = HttpRequest.newBuilder(baseUri().resolve("/v1/federation/anything"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"a\":2}"));
        headers.forEach(post::header);
        long before = refusals("digest_mismatch");
        assertRefused(http.send(post.build(), HttpResponse.BodyHandlers.ofString()));
        assertEquals(before + 1, refusals("digest_mismatch"));
    }
}
