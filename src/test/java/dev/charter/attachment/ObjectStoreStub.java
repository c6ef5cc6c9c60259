package dev.charter.attachment;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small S3 for one bucket with path-style addressing: PutObject (plain or aws-chunked bodies), GetObject with
 * {@code Range: bytes=a-b}, DeleteObject and ListObjectsV2. Every request must be SigV4-signed.
 */
final class ObjectStoreStub implements AutoCloseable {

    static final String BUCKET = "charter-attachments-test";
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");

    private final HttpServer server;
    private final Map<String, byte[]> objects = new ConcurrentSkipListMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Map<String, String> sse = new ConcurrentSkipListMap<>();

    ObjectStoreStub() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    Map<String, byte[]> objects() {
        return objects;
    }

    List<String> requests() {
        return requests;
    }

    Map<String, String> sse() {
        return sse;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String range = exchange.getRequestHeaders().getFirst("Range");
            requests.add(method + " " + exchange.getRequestURI() + (range == null ? "" : " " + range));
            byte[] raw = exchange.getRequestBody().readAllBytes();
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.startsWith("AWS4-HMAC-SHA256 ")) {
                reply(exchange, 403, new byte[0]);
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String prefix = "/" + BUCKET;
            if (!path.startsWith(prefix)) {
                reply(exchange, 404, new byte[0]);
                return;
            }
            String key = path.length() > prefix.length() + 1 ? path.substring(prefix.length() + 1) : "";
            switch (method) {
                case "PUT" -> {
                    String sha = exchange.getRequestHeaders().getFirst("x-amz-content-sha256");
                    objects.put(key, sha != null && sha.startsWith("STREAMING-") ? dechunk(raw) : raw);
                    String kms = exchange.getRequestHeaders().getFirst("x-amz-server-side-encryption");
                    if (kms != null) {
                        sse.put(key, kms);
                    }
                    reply(exchange, 200, new byte[0]);
                }
                case "GET" -> {
                    if (key.isEmpty()) {
                        list(exchange);
                        return;
                    }
                    byte[] body = objects.get(key);
                    if (body == null) {
                        error(exchange, 404, "NoSuchKey");
                        return;
                    }
                    Matcher m = range == null ? null : RANGE.matcher(range);
                    if (m != null && m.matches()) {
                        int first = Integer.parseInt(m.group(1));
                        int last = Math.min(Integer.parseInt(m.group(2)), body.length - 1);
                        byte[] part = java.util.Arrays.copyOfRange(body, first, last + 1);
                        exchange.getResponseHeaders()
                                .set("Content-Range", "bytes " + first + "-" + last + "/" + body.length);
                        reply(exchange, 206, part);
                    } else {
                        reply(exchange, 200, body);
                    }
                }
                case "DELETE" -> {
                    objects.remove(key);
                    reply(exchange, 204, new byte[0]);
                }
                default -> reply(exchange, 405, new byte[0]);
            }
        }
    }

    private void list(HttpExchange exchange) throws IOException {
        Map<String, String> query = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(kv[0], kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        String prefix = query.getOrDefault("prefix", "");
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>" + BUCKET
                + "</Name><Prefix>" + prefix + "</Prefix><IsTruncated>false</IsTruncated>");
        objects.keySet().stream()
                .filter(k -> k.startsWith(prefix))
                .forEach(k -> xml.append("<Contents><Key>")
                        .append(k)
                        .append("</Key><Size>")
                        .append(objects.get(k).length)
                        .append("</Size></Contents>"));
        xml.append("</ListBucketResult>");
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        reply(exchange, 200, xml.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < raw.length) {
            int eol = i;
            while (eol + 1 < raw.length && !(raw[eol] == '\r' && raw[eol + 1] == '\n')) {
                eol++;
            }
            String header = new String(raw, i, eol - i, StandardCharsets.US_ASCII);
            int size = Integer.parseInt(header.split(";", 2)[0].trim(), 16);
            i = eol + 2;
            if (size == 0) {
                break;
            }
            out.write(raw, i, size);
            i += size + 2;
        }
        return out.toByteArray();
    }

    private static void error(HttpExchange exchange, int status, String code) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        reply(
                exchange,
                status,
                ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code
                                + "</Code><Message>x</Message></Error>")
                        .getBytes(StandardCharsets.UTF_8));
    }

    private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
