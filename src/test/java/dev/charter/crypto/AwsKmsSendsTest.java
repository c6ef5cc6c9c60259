package dev.charter.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.testsupport.Chat;
import dev.charter.testsupport.KmsStub;
import dev.charter.testsupport.Pair;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.Collections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Messaging on the aws-kms provider: real SDK, real signing, a KMS that throttles and fails. */
@QuarkusTest
@TestProfile(AwsKmsProfile.class)
public class AwsKmsSendsTest {

    @AfterEach
    void heal() {
        AwsKmsProfile.KMS.heal();
    }

    @Test
    void firstSendGeneratesOneDataKeyThenTheCacheServes() {
        Pair p = Pair.create();
        int before = generateCalls();
        Chat.send(p.aliceToken(), p.conversation(), "first");
        assertEquals(1, generateCalls() - before);
        Chat.send(Chat.port(), p.aliceToken(), p.conversation(), Collections.nCopies(20, "more"));
        assertEquals(1, generateCalls() - before, "steady state: no KMS call per message");
        assertTrue(AwsKmsProfile.KMS.calls().stream()
                .allMatch(c -> c.authorization().startsWith("AWS4-HMAC-SHA256")));
    }

    @Test
    void sendersSeeNoErrorWhileKmsThrottlesOrFailsAndTheCacheServes() {
        Pair p = Pair.create();
        Chat.send(p.aliceToken(), p.conversation(), "warm");
        Chat.send(p.bobToken(), p.conversation(), "warm too");
        AwsKmsProfile.KMS.failNext(Integer.MAX_VALUE, KmsStub.Fault.THROTTLE);
        Chat.send(Chat.port(), p.aliceToken(), p.conversation(), Collections.nCopies(10, "while throttled"));
        AwsKmsProfile.KMS.failNext(Integer.MAX_VALUE, KmsStub.Fault.SERVER_ERROR);
        Chat.send(Chat.port(), p.bobToken(), p.conversation(), Collections.nCopies(10, "while failing"));
        assertEquals(
                22,
                Chat.history(p.bobToken(), p.conversation()).stream()
                        .filter(m -> m.has("text"))
                        .count());
    }

    @Test
    void aColdKeyIsFetchedThroughTransientThrottling() {
        Pair p = Pair.create();
        AwsKmsProfile.KMS.failNext(2, KmsStub.Fault.THROTTLE);
        Chat.send(p.aliceToken(), p.conversation(), "after retries");
        assertEquals(
                "after retries",
                Chat.history(p.bobToken(), p.conversation()).get(0).path("text").asText());
    }

    private static int generateCalls() {
        return (int) AwsKmsProfile.KMS.calls().stream()
                .filter(c -> "TrentService.GenerateDataKey".equals(c.target()))
                .count();
    }
}
