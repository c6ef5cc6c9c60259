package dev.charter.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The chain's arithmetic: {@code hash = hex(SHA-256(prev_hash || canonical JSON))}, where the canonical JSON
 * is the object {@code {"action","actor","at","details","seq","subject"}} with keys sorted at every level,
 * no whitespace, {@code at} as an RFC 3339 instant with microseconds (what PostgreSQL keeps). Numbers in
 * details are integers: PostgreSQL's jsonb would not give back a float's original spelling.
 */
public final class AuditChain {

    /** The {@code prev_hash} of the first event. */
    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {}

    static String hash(
            String prevHash, long seq, Instant at, String actor, String action, String subject, JsonNode details) {
        StringBuilder json = new StringBuilder(256).append('{');
        field(json, "action").append(quote(action)).append(',');
        field(json, "actor").append(quote(actor)).append(',');
        field(json, "at").append(quote(at.toString())).append(',');
        field(json, "details");
        canonical(details, json);
        json.append(',');
        field(json, "seq").append(seq).append(',');
        field(json, "subject").append(subject == null ? "null" : quote(subject));
        json.append('}');
        return sha256Hex(prevHash + json);
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static StringBuilder field(StringBuilder json, String name) {
        return json.append('"').append(name).append("\":");
    }

    private static String quote(String text) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(text).toString();
    }

    static void canonical(JsonNode node, StringBuilder out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            out.append('{');
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(quote(names.get(i))).append(':');
                canonical(node.get(names.get(i)), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            Iterator<JsonNode> items = node.elements();
            boolean first = true;
            while (items.hasNext()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                canonical(items.next(), out);
            }
            out.append(']');
        } else if (node.isTextual()) {
            out.append(quote(node.textValue()));
        } else if (node.isNumber()) {
            out.append(
                    node.isIntegralNumber()
                            ? node.bigIntegerValue().toString()
                            : node.decimalValue().toPlainString());
        } else {
            out.append(node.toString());
        }
    }

    /** Details as given by callers: a flat or nested map of strings, integers and booleans. */
    static Map<String, Object> orEmpty(Map<String, Object> details) {
        return details == null ? Map.of() : details;
    }
}
