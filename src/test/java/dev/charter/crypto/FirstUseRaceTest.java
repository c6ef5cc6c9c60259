package dev.charter.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.charter.testsupport.Db;
import dev.charter.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two instances (two DataKeyServices with their own caches, one database) using an author's month key for
 * the first time at the same moment end up with one stored key, and both seal with that same key.
 */
@QuarkusTest
public class FirstUseRaceTest {

    @Inject
    DataKeyRepository repository;

    @Inject
    KeyProvider provider;

    @Inject
    KeyConfig config;

    @Inject
    Clock clock;

    @Test
    void concurrentFirstUseOnTwoInstancesCreatesOneKey() {
        DataKeyService one = new DataKeyService(repository, provider, config, clock);
        DataKeyService two = new DataKeyService(repository, provider, config, clock);
        int epoch = 202612;
        for (int i = 0; i < 20; i++) {
            String user = Tokens.newUserId("racer");
            List<Map<String, DataKey>> both = Uni.join()
                    .all(
                            one.forSending(List.of(user), epoch),
                            two.forSending(List.of(user), epoch),
                            one.forSending(List.of(user), epoch))
                    .andFailFast()
                    .await()
                    .atMost(Duration.ofSeconds(20));
            assertEquals(1, Db.count("SELECT count(*) FROM data_key WHERE user_id = ? AND epoch = ?", user, epoch));
            DataKey a = both.get(0).get(user);
            DataKey b = both.get(1).get(user);
            assertFalse(a.destroyed() || b.destroyed());
            assertEquals(a.keyId(), b.keyId());
            byte[] nonce = Envelope.nonce();
            byte[] aad = "aad".getBytes(StandardCharsets.US_ASCII);
            byte[] sealed = a.withKey(k -> Envelope.seal(k, nonce, "same key".getBytes(StandardCharsets.UTF_8), aad));
            assertArrayEquals(
                    "same key".getBytes(StandardCharsets.UTF_8), b.withKey(k -> Envelope.open(k, nonce, sealed, aad)));
        }
    }
}
