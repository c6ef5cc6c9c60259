package dev.charter.testsupport;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A tiny S3 speaking the real REST/XML protocol with path-style addressing ({@code /bucket/key}): PutObject,
 * GetObject, ListObjectsV2 (with pagination), for one bucket modelling Object Lock in COMPLIANCE mode: an
 * object is never replaced or deleted (DELETE and a plain overwrite get 403), {@code If-None-Match: *} on an
 * existing key gets 412. Every request must carry a SigV4 {@code Authorization} and {@code x-amz-content-sha256}
 * (else 403), bodies are checked against {@code x-amz-content-sha256} and {@code x-amz-checksum-sha256}
 * (also as aws-chunked trailers), and every write's lock, checksum and encryption headers are recorded.
 */
public final class S3Stub implements AutoCloseable {

    public static final String BUCKET = "charter-ledger-test";

    /** One PUT as received: the key, the answer's status and the headers that matter. */
    public record Put(
            String key,
            int status,
            String ifNoneMatch,
            String lockMode,
            String retainUntil,
            String checksumSha256,
            String sse,
            String kmsKeyId,
            String authorization,
            String contentSha256) {}

    private final String bucket;
    private final HttpServer server;
    private final Map<String, byte[]> objects = new ConcurrentSkipListMap<>();
    private final List<Put> puts = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile int pageSize = 1000;

    public S3Stub() {
        this(BUCKET);
    }

    /** A stub that answers for {@code bucket} (as a deployment names it) and 404s any other. */
    public S3Stub(String bucket) {
        this.bucket = bucket;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Objects by full key (prefix included). */
    public Map<String, byte[]> objects() {
        return objects;
    }

    public List<Put> puts() {
        return puts;
    }

    /** {@code METHOD path?query} of every request, in order. */
    public List<String> requests() {
        return requests;
    }

    /** At most this many keys per ListObjectsV2 page, to make clients paginate. */
    public void pageSize(int keys) {
        pageSize = keys;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String query = exchange.getRequestURI().getRawQuery();
            requests.add(method + " " + exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query));
            byte[] body = exchange.getRequestBody().readAllBytes();
            Headers headers = exchange.getRequestHeaders();
            String authorization = headers.getFirst("Authorization");
            if (authorization == null
                    || !authorization.startsWith("AWS4-HMAC-SHA256 Credential=")
                    || !authorization.contains("/s3/aws4_request")
                    || !authorization.contains("x-amz-content-sha256")
                    || headers.getFirst("x-amz-content-sha256") == null) {
                error(exchange, 403, "AccessDenied", "SigV4 authorization with x-amz-content-sha256 required");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String bucketPrefix = "/" + bucket;
            if (!path.equals(bucketPrefix) && !path.startsWith(bucketPrefix + "/")) {
                error(exchange, 404, "NoSuchBucket", "The specified bucket does not exist");
                return;
            }
            String key = path.length() > bucketPrefix.length() + 1 ? path.substring(bucketPrefix.length() + 1) : "";
            switch (method) {
                case "PUT" -> put(exchange, key, body, headers, authorization);
                case "GET" -> {
                    if (key.isEmpty()) {
                        list(exchange, query(query));
                    } else {
                        get(exchange, key);
                    }
                }
                case "DELETE" -> error(exchange, 403, "AccessDenied", "object is WORM protected (compliance mode)");
                default -> error(exchange, 405, "MethodNotAllowed", "not supported by this stub");
            }
        }
    }

    private void put(HttpExchange exchange, String key, byte[] raw, Headers headers, String authorization)
            throws IOException {
        String contentSha256 = headers.getFirst("x-amz-content-sha256");
        Map<String, String> trailers = new HashMap<>();
        byte[] body = contentSha256.startsWith("STREAMING-") ? dechunk(raw, trailers) : raw;
        if (!contentSha256.startsWith("STREAMING-")
                && !contentSha256.equals("UNSIGNED-PAYLOAD")
                && !contentSha256.equals(HexFormat.of().formatHex(sha256(body)))) {
            record(key, 400, headers, null, authorization);
            error(exchange, 400, "XAmzContentSHA256Mismatch", "payload hash mismatch");
            return;
        }
        String checksum = headers.getFirst("x-amz-checksum-sha256");
        if (checksum == null) {
            checksum = trailers.get("x-amz-checksum-sha256");
        }
        if (checksum != null && !checksum.equals(Base64.getEncoder().encodeToString(sha256(body)))) {
            record(key, 400, headers, checksum, authorization);
            error(exchange, 400, "BadDigest", "checksum mismatch");
            return;
        }
        boolean ifNoneMatch = "*".equals(headers.getFirst("If-None-Match"));
        byte[] previous = objects.putIfAbsent(key, body);
        if (previous != null) {
            int status = ifNoneMatch ? 412 : 403;
            record(key, status, headers, checksum, authorization);
            if (ifNoneMatch) {
                error(
                        exchange,
                        412,
                        "PreconditionFailed",
                        "At least one of the pre-conditions you specified did not hold");
            } else {
                error(exchange, 403, "AccessDenied", "object is WORM protected (compliance mode)");
            }
            return;
        }
        record(key, 200, headers, checksum, authorization);
        exchange.getResponseHeaders()
                .set("ETag", "\"" + HexFormat.of().formatHex(sha256(body)).substring(0, 32) + "\"");
        if (checksum != null) {
            exchange.getResponseHeaders().set("x-amz-checksum-sha256", checksum);
        }
        reply(exchange, 200, new byte[0], null);
    }

    private void record(String key, int status, Headers headers, String checksum, String authorization) {
        puts.add(new Put(
                key,
                status,
                headers.getFirst("If-None-Match"),
                headers.getFirst("x-amz-object-lock-mode"),
                headers.getFirst("x-amz-object-lock-retain-until-date"),
                checksum,
                headers.getFirst("x-amz-server-side-encryption"),
                headers.getFirst("x-amz-server-side-encryption-aws-kms-key-id"),
                authorization,
                headers.getFirst("x-amz-content-sha256")));
    }

    private void get(HttpExchange exchange, String key) throws IOException {
        byte[] body = objects.get(key);
        if (body == null) {
            error(exchange, 404, "NoSuchKey", "The specified key does not exist.");
            return;
        }
        reply(exchange, 200, body, "application/octet-stream");
    }

    private void list(HttpExchange exchange, Map<String, String> query) throws IOException {
        if (!"2".equals(query.get("list-type"))) {
            error(exchange, 400, "InvalidArgument", "only ListObjectsV2");
            return;
        }
        String prefix = query.getOrDefault("prefix", "");
        String after = query.getOrDefault("continuation-token", query.get("start-after"));
        int max = Math.min(pageSize, Integer.parseInt(query.getOrDefault("max-keys", "1000")));
        List<String> keys = objects.keySet().stream()
                .filter(k -> k.startsWith(prefix))
                .filter(k -> after == null || k.compareTo(after) > 0)
                .toList();
        List<String> page = keys.subList(0, Math.min(max, keys.size()));
        boolean truncated = keys.size() > page.size();
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
        xml.append("<Name>")
                .append(bucket)
                .append("</Name><Prefix>")
                .append(prefix)
                .append("</Prefix>")
                .append("<KeyCount>")
                .append(page.size())
                .append("</KeyCount><MaxKeys>")
                .append(max)
                .append("</MaxKeys><IsTruncated>")
                .append(truncated)
                .append("</IsTruncated>");
        if (query.containsKey("encoding-type")) {
            xml.append("<EncodingType>").append(query.get("encoding-type")).append("</EncodingType>");
        }
        for (String k : page) {
            xml.append("<Contents><Key>")
                    .append(k)
                    .append("</Key><LastModified>2026-01-01T00:00:00.000Z</LastModified>")
                    .append("<Size>")
                    .append(objects.get(k).length)
                    .append("</Size>")
                    .append("<StorageClass>STANDARD</StorageClass></Contents>");
        }
        if (truncated) {
            xml.append("<NextContinuationToken>")
                    .append(page.get(page.size() - 1))
                    .append("</NextContinuationToken>");
        }
        xml.append("</ListBucketResult>");
        reply(exchange, 200, xml.toString().getBytes(StandardCharsets.UTF_8), "application/xml");
    }

    /** Decodes an aws-chunked body ({@code size[;chunk-signature=..]\r\n data \r\n ... 0\r\n trailers \r\n}). */
    private static byte[] dechunk(byte[] raw, Map<String, String> trailers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (true) {
            int eol = indexOfCrlf(raw, i);
            String header = new String(raw, i, eol - i, StandardCharsets.US_ASCII);
            int size = Integer.parseInt(header.split(";", 2)[0].trim(), 16);
            i = eol + 2;
            if (size == 0) {
                break;
            }
            out.write(raw, i, size);
            i += size + 2;
        }
        while (i < raw.length) {
            int eol = indexOfCrlf(raw, i);
            String line = new String(raw, i, eol - i, StandardCharsets.US_ASCII);
            i = eol + 2;
            int colon = line.indexOf(':');
            if (colon > 0) {
                trailers.put(
                        line.substring(0, colon).trim().toLowerCase(),
                        line.substring(colon + 1).trim());
            }
        }
        return out.toByteArray();
    }

    private static int indexOfCrlf(byte[] raw, int from) {
        for (int i = from; i + 1 < raw.length; i++) {
            if (raw[i] == '\r' && raw[i + 1] == '\n') {
                return i;
            }
        }
        return raw.length;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                params.put(
                        URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return params;
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
                + "</Message><RequestId>stub</RequestId></Error>";
        reply(exchange, status, xml.getBytes(StandardCharsets.UTF_8), "application/xml");
    }

    private static void reply(HttpExchange exchange, int status, byte[] body, String contentType) throws IOException {
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        exchange.getResponseHeaders().set("x-amz-request-id", "stub");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
