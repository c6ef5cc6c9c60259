package dev.charter.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.charter.testsupport.Api;
import dev.charter.testsupport.Chat;
import dev.charter.testsupport.Db;
import dev.charter.testsupport.Pair;
import dev.charter.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Rotation from master key v1 to v2 while messages are being sent: every data key ends wrapped under v2,
 * in several batches, and after v1 is retired (a provider holding only v2) everything still decrypts.
 */
@QuarkusTest
@TestProfile(RotationProfile.class)
public class KeyRotationTest {

    @Inject
    DataKeyService dataKeys;

    private static LocalKeyProvider only(int version, String base64) {
        return new LocalKeyProvider(
                Map.of(version, new SecretKeySpec(Base64.getDecoder().decode(base64), "AES")), version);
    }

    /** A data key made before the rotation: wrapped under v1. */
    private static void seedV1Key(String user, int epoch) {
        UUID keyId = UUID.randomUUID();
        KeyProvider.GeneratedKey key = only(1, RotationProfile.V1).generate(keyId);
        Db.execute(
                "INSERT INTO data_key (user_id, epoch, version, key_id, wrapped_key, provider, key_ref) "
                        + "VALUES (?, ?, 1, ?, ?, 'local', ?)",
                user,
                epoch,
                keyId,
                key.wrapped(),
                key.keyRef());
    }

    @Test
    void rotationRewrapsEveryKeyInBatchesWhileSendsContinueAndTheOldVersionCanBeRetired() throws Exception {
        YearMonth now = YearMonth.now(ZoneOffset.UTC);
        int epoch = now.getYear() * 100 + now.getMonthValue();
        Pair p = Pair.create();
        seedV1Key(p.alice(), epoch);
        for (int i = 0; i < 2 * KeyRotationService.BATCH + 17; i++) {
            seedV1Key(Tokens.newUserId("old"), 202001 + (i % 12));
        }
        Chat.send(p.aliceToken(), p.conversation(), "sealed under a v1-wrapped key");

        String admin = Tokens.withRoles(Tokens.newUserId("admin"), "user", "admin");
        CompletableFuture<Void> sends = CompletableFuture.runAsync(() -> {
            for (int round = 0; round < 5; round++) {
                Chat.send(Chat.port(), p.aliceToken(), p.conversation(), Collections.nCopies(20, "during rotation"));
                Chat.send(Chat.port(), p.bobToken(), p.conversation(), Collections.nCopies(5, "bob during rotation"));
            }
        });
        JsonNode result = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Api.as(admin)
                        .post("/v1/admin/keys/rotate")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        sends.get();

        assertEquals("local:v2", result.path("currentKeyRef").asText());
        assertTrue(result.path("rewrapped").asLong() >= 2 * KeyRotationService.BATCH + 18, result.toString());
        assertEquals(0, result.path("remaining").asLong(), result.toString());
        assertEquals(0, Db.count("SELECT count(*) FROM data_key WHERE key_ref <> 'local:v2' AND destroyed_at IS NULL"));
        assertEquals(
                1,
                Db.count(
                        "SELECT count(*) FROM audit_event WHERE action = 'keys.rotated'"
                                + " AND details->>'currentKeyRef' = 'local:v2' AND (details->>'rewrapped')::bigint = ?",
                        result.path("rewrapped").asLong()),
                "rotations are audited");

        // Retire v1: a provider that only knows v2 unwraps every live key.
        LocalKeyProvider v2Only = only(2, RotationProfile.V2);
        List<List<Object>> rows =
                Db.rows("SELECT key_id, wrapped_key, key_ref FROM data_key WHERE destroyed_at IS NULL");
        for (List<Object> row : rows) {
            assertEquals(32, v2Only.unwrap((UUID) row.get(0), (byte[]) row.get(1), (String) row.get(2)).length);
        }
        // And through the application, with nothing cached: every message reads back.
        dataKeys.evictAll();
        List<JsonNode> history = Chat.history(p.bobToken(), p.conversation());
        assertEquals(1 + 5 * 25, history.size());
        List<String> texts = new ArrayList<>();
        history.forEach(m -> texts.add(m.path("text").asText(null)));
        assertTrue(texts.stream().allMatch(t -> t != null), "unreadable after rotation: " + history);

        // Resumable and idempotent: a second run finds nothing to do.
        Api.as(admin)
                .post("/v1/admin/keys/rotate")
                .then()
                .statusCode(200)
                .body("rewrapped", org.hamcrest.Matchers.equalTo(0))
                .body("remaining", org.hamcrest.Matchers.equalTo(0));
    }
}
