package dev.charter.ledger;

import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * {@link AppendOnlyStore} in an S3 bucket with Object Lock ({@code charter.ledger.s3-*}), through the AWS SDK v2
 * (JDK URL-connection HTTP client, credentials from the SDK's default chain). Every object is written with
 * {@code If-None-Match: *} (S3 answers 412 when the key exists, so instances agree on names without a lock),
 * COMPLIANCE-mode retention of {@code s3-retention-days}, a SHA-256 content checksum and, when configured,
 * SSE-KMS with {@code s3-kms-key-id}. Charter never deletes or overwrites; the bucket's lock makes sure nobody does.
 */
public final class S3Store implements AppendOnlyStore, AutoCloseable {

    private static final int CONFLICT_ATTEMPTS = 5;

    private final S3Client client;
    private final String bucket;
    private final String prefix;
    private final Duration retention;
    private final Optional<String> kmsKeyId;
    private final Clock clock;

    public S3Store(
            S3Client client, String bucket, String prefix, Duration retention, Optional<String> kmsKeyId, Clock clock) {
        this.client = client;
        this.bucket = bucket;
        this.prefix = prefix;
        this.retention = retention;
        this.kmsKeyId = kmsKeyId;
        this.clock = clock;
    }

    /** A store for {@code charter.ledger.s3-*}; {@code region} is {@code charter.region}. */
    public static S3Store create(LedgerConfig config, String region, Clock clock) {
        String bucket = config.s3Bucket().orElseThrow();
        if (config.s3RetentionDays() < 1) {
            throw new IllegalStateException("charter.ledger.s3-retention-days must be at least 1");
        }
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(10)));
        Optional<String> bucketRegion = config.s3Region()
                .or(() -> Optional.ofNullable(region).filter(r -> r.matches("[a-z]{2}(-gov)?-[a-z]+-\\d")));
        bucketRegion.ifPresent(r -> builder.region(Region.of(r)));
        config.s3Endpoint()
                .ifPresent(endpoint ->
                        builder.endpointOverride(URI.create(endpoint)).forcePathStyle(true));
        String prefix = config.s3Prefix()
                .filter(p -> !p.isEmpty())
                .map(p -> p.endsWith("/") ? p : p + "/")
                .orElse("");
        return new S3Store(
                builder.build(), bucket, prefix, Duration.ofDays(config.s3RetentionDays()), config.s3KmsKeyId(), clock);
    }

    @Override
    public boolean putIfAbsent(String key, byte[] bytes) {
        PutObjectRequest.Builder request = PutObjectRequest.builder()
                .bucket(bucket)
                .key(prefix + key)
                .ifNoneMatch("*")
                .contentType(key.endsWith(".jsonl") ? "application/x-ndjson" : "application/json")
                .objectLockMode(ObjectLockMode.COMPLIANCE)
                .objectLockRetainUntilDate(clock.instant().plus(retention))
                .checksumAlgorithm(ChecksumAlgorithm.SHA256)
                .checksumSHA256(sha256(bytes));
        kmsKeyId.ifPresent(
                id -> request.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(id));
        PutObjectRequest put = request.build();
        for (int attempt = 1; ; attempt++) {
            try {
                client.putObject(put, RequestBody.fromBytes(bytes));
                return true;
            } catch (S3Exception e) {
                if (e.statusCode() == 412) {
                    return false;
                }
                // 409 ConditionalRequestConflict: a concurrent conditional write to the same key is in flight.
                if (e.statusCode() != 409 || attempt == CONFLICT_ATTEMPTS) {
                    throw e;
                }
                pause(attempt);
            }
        }
    }

    @Override
    public Optional<byte[]> get(String key) {
        try {
            return Optional.of(client.getObjectAsBytes(r -> r.bucket(bucket).key(prefix + key))
                    .asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<String> list(String keyPrefix, String startAfter) {
        return client
                .listObjectsV2Paginator(r -> r.bucket(bucket)
                        .prefix(prefix + keyPrefix)
                        .startAfter(startAfter == null ? null : prefix + startAfter))
                .contents()
                .stream()
                .map(S3Object::key)
                .map(key -> key.substring(prefix.length()))
                .sorted()
                .toList();
    }

    @Override
    public String describe() {
        return "s3://" + bucket + "/" + prefix;
    }

    @Override
    public void close() {
        client.close();
    }

    private static String sha256(byte[] bytes) {
        try {
            return Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(25L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to the ledger bucket", e);
        }
    }
}
