package dev.charter.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.testsupport.KmsStub;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The aws-kms provider through the real AWS SDK v2 client against a KMS-protocol server. */
public class AwsKmsKeyProviderTest {

    private static KmsStub kms;
    private static AwsKmsKeyProvider provider;

    @BeforeAll
    static void start() {
        KmsStub.useTestCredentials();
        kms = new KmsStub();
        provider = AwsKmsKeyProvider.create(config(kms.endpoint()), "local");
    }

    @AfterAll
    static void stop() {
        provider.close();
        kms.close();
    }

    @BeforeEach
    void heal() {
        kms.heal();
    }

    static KeyConfig.Aws config(String endpoint) {
        return new KeyConfig.Aws() {
            @Override
            public Optional<String> keyId() {
                return Optional.of("alias/charter-test");
            }

            @Override
            public Optional<String> endpoint() {
                return Optional.of(endpoint);
            }

            @Override
            public int maxAttempts() {
                return 6;
            }
        };
    }

    @Test
    void generateUnwrapRewrapAndDescribeRoundTrip() {
        UUID keyId = UUID.randomUUID();
        KeyProvider.GeneratedKey generated = provider.generate(keyId);
        assertEquals(32, generated.plaintext().length);
        assertEquals(KmsStub.ARN, generated.keyRef());
        assertArrayEquals(generated.plaintext(), provider.unwrap(keyId, generated.wrapped(), generated.keyRef()));
        KeyProvider.Wrapped rewrapped = provider.rewrap(keyId, generated.wrapped(), generated.keyRef());
        assertArrayEquals(generated.plaintext(), provider.unwrap(keyId, rewrapped.wrapped(), rewrapped.keyRef()));
        provider.check();
        assertEquals(KmsStub.ARN, provider.currentKeyRef());
    }

    @Test
    void everyRequestIsSignedWithSigV4() {
        int before = kms.calls().size();
        provider.generate(UUID.randomUUID());
        provider.check();
        var calls = kms.calls().subList(before, kms.calls().size());
        assertEquals(
                java.util.List.of("TrentService.GenerateDataKey", "TrentService.DescribeKey"),
                calls.stream().map(KmsStub.Call::target).toList());
        calls.forEach(call -> assertTrue(
                call.authorization() != null
                        && call.authorization().startsWith("AWS4-HMAC-SHA256 Credential=")
                        && call.authorization().contains("/us-east-1/kms/aws4_request"),
                call.authorization()));
    }

    @Test
    void aWrappedKeyMovedToAnotherIdDoesNotUnwrap() {
        KeyProvider.GeneratedKey generated = provider.generate(UUID.randomUUID());
        assertThrows(
                RuntimeException.class,
                () -> provider.unwrap(UUID.randomUUID(), generated.wrapped(), generated.keyRef()));
    }

    @Test
    void throttlingIsRetriedWithBackoff() {
        int before = kms.calls().size();
        kms.failNext(3, KmsStub.Fault.THROTTLE);
        assertEquals(32, provider.generate(UUID.randomUUID()).plaintext().length);
        assertEquals(4, kms.calls().size() - before, "three throttled attempts, then success");
    }

    @Test
    void serverErrorsAreRetried() {
        kms.failNext(2, KmsStub.Fault.SERVER_ERROR);
        UUID keyId = UUID.randomUUID();
        KeyProvider.GeneratedKey generated = provider.generate(keyId);
        kms.failNext(2, KmsStub.Fault.SERVER_ERROR);
        assertArrayEquals(generated.plaintext(), provider.unwrap(keyId, generated.wrapped(), generated.keyRef()));
    }

    @Test
    void persistentThrottlingFailsAfterTheAttemptBudget() {
        kms.failNext(Integer.MAX_VALUE, KmsStub.Fault.THROTTLE);
        int before = kms.calls().size();
        assertThrows(RuntimeException.class, () -> provider.generate(UUID.randomUUID()));
        assertEquals(6, kms.calls().size() - before);
    }
}
