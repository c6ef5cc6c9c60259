package dev.charter.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PfxOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Local stand-ins for the providers, speaking their protocols: an APNs server over HTTP/2 with TLS (a
 * self-signed certificate) that checks the ES256 provider token against the key's public half, and an FCM
 * HTTP v1 server with the OAuth2 token endpoint that checks the RS256 assertion. Tokens starting with
 * {@code dead-} are answered as unregistered. Both can be stopped and started again on the same port.
 */
final class PushMocks {

    static final String TEAM = "TEAM123456";
    static final String KEY_ID = "KEY1234567";
    static final String TOPIC = "dev.charter.app";
    static final String PROJECT = "charter-test";
    static final String CLIENT_EMAIL = "push@charter-test.iam.gserviceaccount.com";

    /** One request a mock accepted. */
    record Received(String token, JsonNode body, Map<String, String> headers) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    final KeyPair apnsKey;
    final KeyPair fcmKey;
    final List<Received> apns = new CopyOnWriteArrayList<>();
    final List<Received> fcm = new CopyOnWriteArrayList<>();
    final Set<String> issuedAccessTokens = ConcurrentHashMap.newKeySet();
    private final Vertx vertx = Vertx.vertx();
    private final int apnsPort;
    private final int fcmPort;
    private static final String STORE_PASSWORD = "changeit";
    private Path keyStore;
    private HttpServer apnsServer;
    private HttpServer fcmServer;

    PushMocks() {
        try {
            KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
            ec.initialize(new ECGenParameterSpec("secp256r1"));
            apnsKey = ec.generateKeyPair();
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048);
            fcmKey = rsa.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        apnsServer = startApns(0);
        apnsPort = apnsServer.actualPort();
        fcmServer = startFcm(0);
        fcmPort = fcmServer.actualPort();
    }

    String apnsEndpoint() {
        return "https://localhost:" + apnsPort;
    }

    String fcmEndpoint() {
        return "http://localhost:" + fcmPort;
    }

    /** The .p8 file's content, base64 as the setting takes it. */
    String apnsPrivateKey() {
        return Base64.getEncoder()
                .encodeToString(pem(apnsKey.getPrivate().getEncoded()).getBytes(StandardCharsets.US_ASCII));
    }

    String fcmCredentials() {
        String account = JSON.createObjectNode()
                .put("type", "service_account")
                .put("project_id", PROJECT)
                .put("private_key_id", "kid-1")
                .put("private_key", pem(fcmKey.getPrivate().getEncoded()))
                .put("client_email", CLIENT_EMAIL)
                .put("token_uri", fcmEndpoint() + "/token")
                .toString();
        return Base64.getEncoder().encodeToString(account.getBytes(StandardCharsets.UTF_8));
    }

    void stop() {
        await(apnsServer.close());
        await(fcmServer.close());
    }

    void start() {
        apnsServer = startApns(apnsPort);
        fcmServer = startFcm(fcmPort);
    }

    List<Received> apnsFor(String token) {
        return apns.stream().filter(r -> r.token().equals(token)).toList();
    }

    List<Received> fcmFor(String token) {
        return fcm.stream().filter(r -> r.token().equals(token)).toList();
    }

    private HttpServer startApns(int port) {
        HttpServerOptions options = new HttpServerOptions()
                .setSsl(true)
                .setUseAlpn(true)
                .setAlpnVersions(List.of(HttpVersion.HTTP_2))
                .setKeyCertOptions(
                        new PfxOptions().setPath(keyStore().toString()).setPassword(STORE_PASSWORD))
                .setPort(port)
                .setHost("localhost");
        return await(vertx.createHttpServer(options).requestHandler(this::apns).listen());
    }

    /** A self-signed certificate for localhost, made with the JDK's keytool. */
    private synchronized Path keyStore() {
        if (keyStore == null) {
            try {
                Path dir = Files.createTempDirectory("apns-mock");
                Path store = dir.resolve("server.p12");
                Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
                Process process = new ProcessBuilder(
                                keytool.toString(),
                                "-genkeypair",
                                "-alias",
                                "server",
                                "-keyalg",
                                "EC",
                                "-groupname",
                                "secp256r1",
                                "-dname",
                                "CN=localhost",
                                "-ext",
                                "SAN=dns:localhost",
                                "-validity",
                                "2",
                                "-storetype",
                                "PKCS12",
                                "-keystore",
                                store.toString(),
                                "-storepass",
                                STORE_PASSWORD,
                                "-keypass",
                                STORE_PASSWORD)
                        .redirectErrorStream(true)
                        .start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (process.waitFor() != 0) {
                    throw new IllegalStateException("keytool failed: " + output);
                }
                keyStore = store;
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return keyStore;
    }

    private void apns(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            String path = request.path();
            if (request.version() != HttpVersion.HTTP_2 || !path.startsWith("/3/device/")) {
                request.response().setStatusCode(404).end();
                return;
            }
            String authorization = request.getHeader("authorization");
            if (authorization == null
                    || !authorization.startsWith("bearer ")
                    || !verified(authorization.substring(7), "SHA256withECDSAinP1363Format", apnsKey.getPublic())
                    || !TOPIC.equals(request.getHeader("apns-topic"))) {
                reply(request, 403, "{\"reason\":\"InvalidProviderToken\"}");
                return;
            }
            String token = path.substring("/3/device/".length());
            if (token.startsWith("dead-")) {
                reply(request, 410, "{\"reason\":\"Unregistered\",\"timestamp\":1700000000000}");
                return;
            }
            if (token.startsWith("bad-")) {
                reply(request, 400, "{\"reason\":\"BadDeviceToken\"}");
                return;
            }
            apns.add(new Received(token, parse(body.toString(StandardCharsets.UTF_8)), headers(request)));
            request.response()
                    .putHeader("apns-id", java.util.UUID.randomUUID().toString())
                    .setStatusCode(200)
                    .end();
        });
    }

    private HttpServer startFcm(int port) {
        return await(
                vertx.createHttpServer(new HttpServerOptions().setPort(port).setHost("localhost"))
                        .requestHandler(this::fcm)
                        .listen());
    }

    private void fcm(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            String text = body.toString(StandardCharsets.UTF_8);
            if (request.path().equals("/token")) {
                Map<String, String> form = new java.util.HashMap<>();
                for (String pair : text.split("&")) {
                    String[] kv = pair.split("=", 2);
                    form.put(kv[0], java.net.URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
                }
                String assertion = form.getOrDefault("assertion", "");
                JsonNode claims = claims(assertion);
                if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))
                        || !verified(assertion, "SHA256withRSA", fcmKey.getPublic())
                        || !CLIENT_EMAIL.equals(claims.path("iss").asText())
                        || !(fcmEndpoint() + "/token").equals(claims.path("aud").asText())
                        || !claims.path("scope").asText().contains("firebase.messaging")) {
                    reply(request, 400, "{\"error\":\"invalid_grant\"}");
                    return;
                }
                String accessToken = "ya29." + java.util.UUID.randomUUID();
                issuedAccessTokens.add(accessToken);
                reply(
                        request,
                        200,
                        "{\"access_token\":\"" + accessToken + "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}");
                return;
            }
            if (!request.path().equals("/v1/projects/" + PROJECT + "/messages:send")) {
                reply(request, 404, "{}");
                return;
            }
            String authorization = request.getHeader("authorization");
            if (authorization == null || !issuedAccessTokens.contains(authorization.replaceFirst("^Bearer ", ""))) {
                reply(request, 401, "{\"error\":{\"code\":401,\"status\":\"UNAUTHENTICATED\"}}");
                return;
            }
            JsonNode message = parse(text);
            String token = message.path("message").path("token").asText();
            if (token.startsWith("dead-")) {
                reply(
                        request,
                        404,
                        "{\"error\":{\"code\":404,\"message\":\"Requested entity was not found.\","
                                + "\"status\":\"NOT_FOUND\",\"details\":[{\"@type\":"
                                + "\"type.googleapis.com/google.firebase.fcm.v1.FcmError\",\"errorCode\":\"UNREGISTERED\"}]}}");
                return;
            }
            fcm.add(new Received(token, message, headers(request)));
            reply(request, 200, "{\"name\":\"projects/" + PROJECT + "/messages/" + System.nanoTime() + "\"}");
        });
    }

    private static Map<String, String> headers(HttpServerRequest request) {
        Map<String, String> headers = new java.util.HashMap<>();
        request.headers().forEach(e -> headers.put(e.getKey().toLowerCase(java.util.Locale.ROOT), e.getValue()));
        return headers;
    }

    private static void reply(HttpServerRequest request, int status, String json) {
        request.response()
                .setStatusCode(status)
                .putHeader("content-type", "application/json")
                .end(json);
    }

    private static boolean verified(String jwt, String algorithm, PublicKey key) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            return false;
        }
        try {
            Signature signature = Signature.getInstance(algorithm);
            signature.initVerify(key);
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return signature.verify(Base64.getUrlDecoder().decode(parts[2]));
        } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static JsonNode claims(String jwt) {
        String[] parts = jwt.split("\\.");
        return parts.length == 3
                ? parse(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8))
                : JSON.createObjectNode();
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static String pem(byte[] der) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der) + "\n-----END PRIVATE KEY-----\n";
    }

    private static <T> T await(io.vertx.core.Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("mock provider: " + e, e);
        }
    }
}
