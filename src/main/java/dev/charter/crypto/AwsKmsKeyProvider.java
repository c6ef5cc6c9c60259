package dev.charter.crypto;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.DescribeKeyResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.ReEncryptResponse;

/**
 * The region's KMS customer master key through the AWS SDK v2 (JDK URL-connection HTTP client). The
 * key ref is the key ARN KMS reports. KMS's own yearly rotation of backing material is transparent (old
 * material stays able to decrypt); re-wrapping matters when the configured key changes (a new CMK).
 * Throttling and 5xx are retried with exponential backoff and jitter; a call gives up after 10 s in all.
 */
public final class AwsKmsKeyProvider implements KeyProvider, AutoCloseable {

    private static final String CONTEXT_KEY = "charter:dek";
    private static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(10);

    private final KmsClient client;
    private final String keyId;
    private volatile String currentArn;

    public AwsKmsKeyProvider(KmsClient client, String keyId) {
        this.client = client;
        this.keyId = keyId;
    }

    /** A client for {@code charter.keys.aws.*}; region from {@code charter.region} unless it is not an AWS one. */
    public static AwsKmsKeyProvider create(KeyConfig.Aws config, String region) {
        String keyId = config.keyId()
                .orElseThrow(() -> new IllegalStateException(
                        "charter.keys.aws.key-id is required with charter.keys.provider=aws-kms"));
        KmsClientBuilder builder = KmsClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(5)))
                // A KMS that accepts connections but never answers must not hold a send (or a readiness
                // probe) for attempts x socket timeout: the whole call, retries included, is bounded.
                .overrideConfiguration(o -> o.apiCallTimeout(API_CALL_TIMEOUT)
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(config.maxAttempts())
                                .backoffStrategy(
                                        BackoffStrategy.exponentialDelay(Duration.ofMillis(25), Duration.ofSeconds(1)))
                                .throttlingBackoffStrategy(
                                        BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(5)))
                                .build()));
        if (region != null && region.matches("[a-z]{2}(-gov)?-[a-z]+-\\d")) {
            builder.region(Region.of(region));
        }
        config.endpoint().ifPresent(endpoint -> builder.endpointOverride(URI.create(endpoint)));
        return new AwsKmsKeyProvider(builder.build(), keyId);
    }

    @Override
    public String name() {
        return "aws-kms";
    }

    @Override
    public GeneratedKey generate(UUID keyId) {
        GenerateDataKeyResponse response = client.generateDataKey(
                r -> r.keyId(this.keyId).keySpec(DataKeySpec.AES_256).encryptionContext(context(keyId)));
        currentArn = response.keyId();
        return new GeneratedKey(
                response.plaintext().asByteArray(), response.ciphertextBlob().asByteArray(), response.keyId());
    }

    @Override
    public byte[] unwrap(UUID keyId, byte[] wrapped, String keyRef) {
        DecryptResponse response = client.decrypt(r ->
                r.keyId(keyRef).ciphertextBlob(SdkBytes.fromByteArray(wrapped)).encryptionContext(context(keyId)));
        return response.plaintext().asByteArray();
    }

    @Override
    public Wrapped rewrap(UUID keyId, byte[] wrapped, String keyRef) {
        Map<String, String> context = context(keyId);
        ReEncryptResponse response = client.reEncrypt(r -> r.sourceKeyId(keyRef)
                .ciphertextBlob(SdkBytes.fromByteArray(wrapped))
                .sourceEncryptionContext(context)
                .destinationKeyId(this.keyId)
                .destinationEncryptionContext(context));
        return new Wrapped(response.ciphertextBlob().asByteArray(), response.keyId());
    }

    @Override
    public String currentKeyRef() {
        String arn = currentArn;
        if (arn == null) {
            check();
            arn = currentArn;
        }
        return arn;
    }

    @Override
    public void check() {
        DescribeKeyResponse response = client.describeKey(r -> r.keyId(keyId));
        if (response.keyMetadata().keyState() != KeyState.ENABLED) {
            throw new IllegalStateException(
                    "KMS key is " + response.keyMetadata().keyStateAsString());
        }
        currentArn = response.keyMetadata().arn();
    }

    @Override
    public void close() {
        client.close();
    }

    private static Map<String, String> context(UUID keyId) {
        return Map.of(CONTEXT_KEY, keyId.toString());
    }
}
