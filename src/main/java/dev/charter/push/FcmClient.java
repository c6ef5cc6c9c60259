package dev.charter.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * FCM HTTP v1. The access token comes from the service account: an RS256 JWT assertion exchanged at the
 * account's {@code token_uri} (OAuth2 JWT bearer grant), kept until shortly before it expires.
 */
final class FcmClient implements PushProvider {

    private static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
    private static final Duration EARLY_RENEWAL = Duration.ofMinutes(5);

    private record AccessToken(String value, Instant renewAfter) {}

    private final HttpClient http;
    private final String sendUri;
    private final String tokenUri;
    private final String clientEmail;
    private final String privateKeyId;
    private final PrivateKey key;
    private final ObjectMapper json;
    private final Clock clock;
    private volatile AccessToken accessToken;
    private Future<AccessToken> fetching;

    FcmClient(Vertx vertx, PushConfig.Fcm config, ObjectMapper json, Clock clock) {
        JsonNode account;
        try {
            account = json.readTree(
                    Base64.getMimeDecoder().decode(config.credentials().orElseThrow()));
        } catch (IOException e) {
            throw new IllegalArgumentException("charter.push.fcm.credentials is not a service-account JSON");
        }
        this.clientEmail = required(account, "client_email");
        this.tokenUri = required(account, "token_uri");
        this.privateKeyId = account.path("private_key_id").asText(null);
        this.key = PemKeys.pkcs8(required(account, "private_key").getBytes(StandardCharsets.US_ASCII), "RSA");
        String project = config.projectId().orElseGet(() -> required(account, "project_id"));
        this.sendUri = config.endpoint().replaceAll("/+$", "") + "/v1/projects/"
                + URLEncoder.encode(project, StandardCharsets.UTF_8) + "/messages:send";
        this.json = json;
        this.clock = clock;
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout(5_000)
                .setMaxPoolSize(32)
                .setShared(false));
    }

    private static String required(JsonNode account, String field) {
        String value = account.path(field).asText("");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("the FCM service account has no '" + field + "'");
        }
        return value;
    }

    @Override
    public String platform() {
        return "fcm";
    }

    @Override
    public CompletionStage<Outcome> send(PushTarget target, UUID conversation, long seq) {
        return accessToken()
                .compose(bearer -> http.request(new RequestOptions()
                                .setMethod(HttpMethod.POST)
                                .setAbsoluteURI(sendUri)
                                .setTimeout(10_000)
                                .putHeader("authorization", "Bearer " + bearer.value())
                                .putHeader("content-type", "application/json; charset=UTF-8"))
                        .compose(req ->
                                req.send(Buffer.buffer(PushPayloads.fcm(json, target.token(), conversation, seq))))
                        .compose(response -> response.body().map(body -> outcome(response.statusCode(), body, bearer))))
                .otherwise(failure -> Outcome.RETRY)
                .toCompletionStage();
    }

    private Outcome outcome(int status, Buffer body, AccessToken bearer) {
        if (status == 200) {
            return Outcome.SENT;
        }
        if (status == 404 || body.toString(StandardCharsets.UTF_8).contains("UNREGISTERED")) {
            return Outcome.DEAD;
        }
        if (status == 401) {
            synchronized (this) {
                if (accessToken == bearer) {
                    accessToken = null;
                }
            }
            return Outcome.RETRY;
        }
        return status == 429 || status >= 500 ? Outcome.RETRY : Outcome.FAILED;
    }

    private synchronized Future<AccessToken> accessToken() {
        AccessToken current = accessToken;
        if (current != null && clock.instant().isBefore(current.renewAfter())) {
            return Future.succeededFuture(current);
        }
        if (fetching == null) {
            fetching = exchange().andThen(result -> {
                synchronized (this) {
                    fetching = null;
                    if (result.succeeded()) {
                        accessToken = result.result();
                    }
                }
            });
        }
        return fetching;
    }

    private Future<AccessToken> exchange() {
        Instant now = clock.instant();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "RS256");
        header.put("typ", "JWT");
        if (privateKeyId != null) {
            header.put("kid", privateKeyId);
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", clientEmail);
        claims.put("scope", SCOPE);
        claims.put("aud", tokenUri);
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.getEpochSecond() + 3600);
        String form =
                "grant_type=" + URLEncoder.encode("urn:ietf:params:oauth:grant-type:jwt-bearer", StandardCharsets.UTF_8)
                        + "&assertion=" + JwtSigner.sign(key, header, claims, json);
        return http.request(new RequestOptions()
                        .setMethod(HttpMethod.POST)
                        .setAbsoluteURI(tokenUri)
                        .setTimeout(10_000)
                        .putHeader("content-type", "application/x-www-form-urlencoded"))
                .compose(req -> req.send(Buffer.buffer(form)))
                .compose(response -> response.body().map(body -> {
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("token endpoint answered " + response.statusCode());
                    }
                    try {
                        JsonNode node = json.readTree(body.getBytes());
                        String value = node.path("access_token").asText("");
                        if (value.isEmpty()) {
                            throw new IllegalStateException("token endpoint gave no access_token");
                        }
                        long expiresIn = node.path("expires_in").asLong(3600);
                        return new AccessToken(
                                value, clock.instant().plusSeconds(expiresIn).minus(EARLY_RENEWAL));
                    } catch (IOException e) {
                        throw new IllegalStateException("token endpoint answered no JSON");
                    }
                }));
    }

    @Override
    public void warmUp() {
        accessToken().onFailure(e -> {});
    }

    @Override
    public void close() {
        http.close();
    }
}
