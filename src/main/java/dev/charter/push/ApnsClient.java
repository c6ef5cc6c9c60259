package dev.charter.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * APNs over HTTP/2 with token-based authentication: an ES256 provider token from the .p8 key, renewed well
 * within Apple's hour. Plain {@code http://} endpoints speak HTTP/2 without TLS (local test servers only).
 */
final class ApnsClient implements PushProvider {

    /** Apple refuses tokens older than an hour and throttles renewals more often than every 20 minutes. */
    private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(50);

    private static final Set<String> DEAD_REASONS = Set.of("BadDeviceToken", "Unregistered", "DeviceTokenNotForTopic");

    private final HttpClient http;
    private final String endpoint;
    private final String teamId;
    private final String keyId;
    private final String topic;
    private final PrivateKey key;
    private final ObjectMapper json;
    private final Clock clock;
    private volatile String token;
    private volatile Instant tokenIssued = Instant.EPOCH;

    ApnsClient(Vertx vertx, PushConfig.Apns config, ObjectMapper json, Clock clock) {
        this.endpoint = config.endpoint().replaceAll("/+$", "");
        this.teamId = config.teamId().orElseThrow();
        this.keyId = config.keyId().orElseThrow();
        this.topic = config.topic().orElseThrow();
        this.key = PemKeys.pkcs8(
                java.util.Base64.getMimeDecoder().decode(config.privateKey().orElseThrow()), "EC");
        this.json = json;
        this.clock = clock;
        boolean tls = endpoint.startsWith("https://");
        HttpClientOptions options = new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_2)
                .setSsl(tls)
                .setUseAlpn(tls)
                .setHttp2ClearTextUpgrade(false)
                .setConnectTimeout(5_000)
                .setHttp2MaxPoolSize(2)
                .setShared(false);
        if (tls && config.trustAll()) {
            options.setTrustAll(true).setVerifyHost(false);
        }
        this.http = vertx.createHttpClient(options);
    }

    @Override
    public String platform() {
        return "apns";
    }

    @Override
    public CompletionStage<Outcome> send(PushTarget target, UUID conversation, long seq) {
        String bearer = providerToken();
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(endpoint + "/3/device/" + URLEncoder.encode(target.token(), StandardCharsets.UTF_8))
                .setTimeout(10_000)
                .putHeader("authorization", "bearer " + bearer)
                .putHeader("apns-topic", topic)
                .putHeader("apns-push-type", "alert")
                .putHeader("apns-priority", "10")
                .putHeader("content-type", "application/json");
        return http.request(request)
                .compose(req -> req.send(Buffer.buffer(PushPayloads.apns(json, conversation, seq))))
                .compose(response -> response.body().map(body -> outcome(response.statusCode(), body, bearer)))
                .otherwise(failure -> Outcome.RETRY)
                .toCompletionStage();
    }

    private Outcome outcome(int status, Buffer body, String bearer) {
        if (status == 200) {
            return Outcome.SENT;
        }
        String reason = reason(body);
        if (status == 410 || DEAD_REASONS.contains(reason)) {
            return Outcome.DEAD;
        }
        if (status == 403 && "ExpiredProviderToken".equals(reason)) {
            renewIfStill(bearer);
            return Outcome.RETRY;
        }
        return status == 429 || status >= 500 ? Outcome.RETRY : Outcome.FAILED;
    }

    private String reason(Buffer body) {
        try {
            JsonNode node = json.readTree(body.getBytes());
            return node == null ? "" : node.path("reason").asText("");
        } catch (java.io.IOException | RuntimeException e) {
            return "";
        }
    }

    private String providerToken() {
        String current = token;
        Instant now = clock.instant();
        if (current == null || now.isAfter(tokenIssued.plus(TOKEN_LIFETIME))) {
            synchronized (this) {
                if (token == null || now.isAfter(tokenIssued.plus(TOKEN_LIFETIME))) {
                    Map<String, Object> header = new LinkedHashMap<>();
                    header.put("alg", "ES256");
                    header.put("kid", keyId);
                    Map<String, Object> claims = new LinkedHashMap<>();
                    claims.put("iss", teamId);
                    claims.put("iat", now.getEpochSecond());
                    token = JwtSigner.sign(key, header, claims, json);
                    tokenIssued = now;
                }
                current = token;
            }
        }
        return current;
    }

    private synchronized void renewIfStill(String rejected) {
        if (rejected.equals(token)) {
            token = null;
        }
    }

    @Override
    public void warmUp() {
        providerToken();
    }

    @Override
    public void close() {
        http.close();
    }
}
