package dev.charter.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The shred ledger's entry format and hash chain, the same whichever store holds the entries. */
final class LedgerCodec {

    static final String GENESIS = "0".repeat(64);

    private final ObjectMapper json;

    LedgerCodec(ObjectMapper json) {
        this.json = json;
    }

    /** The entry after {@code last} (null: the first), hashed onto it. */
    LedgerEntry next(
            LedgerEntry last, String at, String scope, String subject, Integer beforeEpoch, List<UUID> keyIds) {
        long position = last == null ? 1 : last.position() + 1;
        String prevHash = last == null ? GENESIS : last.hash();
        LedgerEntry unhashed = new LedgerEntry(position, at, scope, subject, beforeEpoch, keyIds, prevHash, null);
        return new LedgerEntry(
                position, at, scope, subject, beforeEpoch, keyIds, prevHash, hash(prevHash, body(unhashed)));
    }

    /** True when every entry's hash matches its content and its predecessor. */
    boolean verify(List<LedgerEntry> entries) {
        String prev = GENESIS;
        for (LedgerEntry entry : entries) {
            if (!prev.equals(entry.prevHash())
                    || entry.hash() == null
                    || !entry.hash().equals(hash(prev, body(entry)))) {
                return false;
            }
            prev = entry.hash();
        }
        return true;
    }

    /** One line of JSON, no line break. */
    String encode(LedgerEntry entry) {
        try {
            return json.writeValueAsString(fields(entry));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    LedgerEntry decode(String text) throws IOException {
        return json.readValue(text, LedgerEntry.class);
    }

    private String body(LedgerEntry entry) {
        Map<String, Object> fields = fields(entry);
        fields.remove("hash");
        try {
            return json.writeValueAsString(fields);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> fields(LedgerEntry entry) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("position", entry.position());
        fields.put("at", entry.at());
        fields.put("scope", entry.scope());
        fields.put("subject", entry.subject());
        fields.put("beforeEpoch", entry.beforeEpoch());
        fields.put("keyIds", entry.keyIds().stream().map(UUID::toString).toList());
        fields.put("prevHash", entry.prevHash());
        fields.put("hash", entry.hash());
        return fields;
    }

    static String hash(String prevHash, String body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(prevHash.getBytes(StandardCharsets.US_ASCII));
            sha.update((byte) '\n');
            sha.update(body.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
