package dev.charter.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A tiny KMS speaking the real wire protocol (AWS JSON 1.1, {@code X-Amz-Target: TrentService.*}):
 * GenerateDataKey, Decrypt, ReEncrypt, DescribeKey, with one symmetric key whose blobs are AES-GCM bound
 * to the encryption context. It records every request's target and Authorization header, and injects
 * ThrottlingException or 5xx on demand, so the real SDK client's signing, serialisation and retries run.
 */
public final class KmsStub implements AutoCloseable {

    public static final String KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
    public static final String ARN = "arn:aws:kms:us-east-1:000000000000:key/" + KEY_ID;

    /** {@code HANG}: the request is read and never answered (until healed), like a KMS that stopped responding. */
    public enum Fault {
        THROTTLE,
        SERVER_ERROR,
        HANG
    }

    public record Call(String target, String authorization) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final SecretKey master;
    private final SecureRandom random = new SecureRandom();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger faultsLeft = new AtomicInteger();
    private volatile Fault fault = Fault.THROTTLE;

    public KmsStub() {
        byte[] key = new byte[32];
        random.nextBytes(key);
        master = new SecretKeySpec(key, "AES");
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(16));
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Call> calls() {
        return calls;
    }

    /** The next {@code count} requests fail with {@code fault} ({@link Integer#MAX_VALUE}: until healed). */
    public void failNext(int count, Fault fault) {
        this.fault = fault;
        faultsLeft.set(count);
    }

    public void heal() {
        faultsLeft.set(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        calls.add(new Call(target, exchange.getRequestHeaders().getFirst("Authorization")));
        JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
        if (faultsLeft.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            if (fault == Fault.HANG) {
                long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
                while (faultsLeft.get() > 0 && System.nanoTime() < until) {
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                exchange.close();
                return;
            }
            if (fault == Fault.THROTTLE) {
                reply(exchange, 400, error("ThrottlingException", "Rate exceeded"));
            } else {
                reply(exchange, 500, error("KMSInternalException", "internal"));
            }
            return;
        }
        try {
            ObjectNode response = JSON.createObjectNode();
            switch (target == null ? "" : target) {
                case "TrentService.GenerateDataKey" -> {
                    byte[] plaintext = new byte[32];
                    random.nextBytes(plaintext);
                    response.put("KeyId", ARN)
                            .put("Plaintext", b64(plaintext))
                            .put("CiphertextBlob", b64(seal(plaintext, context(request.path("EncryptionContext")))));
                }
                case "TrentService.Decrypt" -> {
                    byte[] plaintext = open(
                            Base64.getDecoder()
                                    .decode(request.path("CiphertextBlob").asText()),
                            context(request.path("EncryptionContext")));
                    response.put("KeyId", ARN)
                            .put("Plaintext", b64(plaintext))
                            .put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
                }
                case "TrentService.ReEncrypt" -> {
                    byte[] plaintext = open(
                            Base64.getDecoder()
                                    .decode(request.path("CiphertextBlob").asText()),
                            context(request.path("SourceEncryptionContext")));
                    response.put("KeyId", ARN)
                            .put("SourceKeyId", ARN)
                            .put(
                                    "CiphertextBlob",
                                    b64(seal(plaintext, context(request.path("DestinationEncryptionContext")))));
                }
                case "TrentService.DescribeKey" ->
                    response.putObject("KeyMetadata")
                            .put("KeyId", KEY_ID)
                            .put("Arn", ARN)
                            .put("Enabled", true)
                            .put("KeyState", "Enabled")
                            .put("KeyUsage", "ENCRYPT_DECRYPT")
                            .put("AWSAccountId", "000000000000");
                default -> {
                    reply(exchange, 400, error("UnknownOperationException", "unknown operation"));
                    return;
                }
            }
            reply(exchange, 200, response);
        } catch (GeneralSecurityException e) {
            reply(exchange, 400, error("InvalidCiphertextException", "invalid ciphertext"));
        }
    }

    private static ObjectNode error(String type, String message) {
        return JSON.createObjectNode().put("__type", type).put("message", message);
    }

    private static void reply(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.getResponseHeaders()
                .set("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
        if (status != 200) {
            exchange.getResponseHeaders()
                    .set("x-amzn-ErrorType", body.path("__type").asText());
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static byte[] context(JsonNode node) {
        Map<String, String> sorted = new TreeMap<>();
        node.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue().asText()));
        return sorted.toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] seal(byte[] plaintext, byte[] aad) throws GeneralSecurityException {
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, master, new GCMParameterSpec(128, nonce));
        cipher.updateAAD(aad);
        byte[] sealed = cipher.doFinal(plaintext);
        byte[] out = Arrays.copyOf(nonce, 12 + sealed.length);
        System.arraycopy(sealed, 0, out, 12, sealed.length);
        return out;
    }

    private byte[] open(byte[] blob, byte[] aad) throws GeneralSecurityException {
        if (blob.length < 28) {
            throw new GeneralSecurityException("short");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, master, new GCMParameterSpec(128, blob, 0, 12));
        cipher.updateAAD(aad);
        return cipher.doFinal(blob, 12, blob.length - 12);
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Static test credentials and region for the SDK's default providers (what the environment gives in CI). */
    public static void useTestCredentials() {
        System.setProperty(
                "aws.accessKeyId", System.getenv().getOrDefault("CHARTER_TEST_AWS_ACCESS_KEY_ID", "AKIDTEST"));
        System.setProperty(
                "aws.secretAccessKey",
                System.getenv().getOrDefault("CHARTER_TEST_AWS_SECRET_ACCESS_KEY", "test-secret"));
        System.setProperty("aws.region", "us-east-1");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
