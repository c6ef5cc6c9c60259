package dev.charter.attachment;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * {@link AttachmentStore} in an S3 bucket ({@code charter.attachments.s3-*}), through the AWS SDK v2 (JDK
 * URL-connection client, the SDK's default credentials). A file is a run of objects {@code <id>/<part>} of
 * {@link #CHUNKS_PER_PART} sealed chunks each, so an upload holds at most one part (about 1 MiB) in memory,
 * and a chunk is read back with a ranged GET of its part.
 */
final class S3AttachmentStore implements AttachmentStore, AutoCloseable {

    static final int CHUNKS_PER_PART = 16;
    private static final int STORED_CHUNK = ChunkFormat.CHUNK_BYTES + ChunkFormat.OVERHEAD;

    private final S3Client client;
    private final String bucket;
    private final String prefix;
    private final Optional<String> kmsKeyId;

    S3AttachmentStore(S3Client client, String bucket, String prefix, Optional<String> kmsKeyId) {
        this.client = client;
        this.bucket = bucket;
        this.prefix = prefix;
        this.kmsKeyId = kmsKeyId;
    }

    static S3AttachmentStore create(AttachmentConfig config, String region) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(30)));
        config.s3Region()
                .or(() -> Optional.ofNullable(region).filter(r -> r.matches("[a-z]{2}(-gov)?-[a-z]+-\\d")))
                .ifPresent(r -> builder.region(Region.of(r)));
        config.s3Endpoint()
                .ifPresent(endpoint ->
                        builder.endpointOverride(URI.create(endpoint)).forcePathStyle(true));
        String prefix = config.s3Prefix()
                .filter(p -> !p.isEmpty())
                .map(p -> p.endsWith("/") ? p : p + "/")
                .orElse("");
        return new S3AttachmentStore(builder.build(), config.s3Bucket().orElseThrow(), prefix, config.s3KmsKeyId());
    }

    private String key(UUID id, long part) {
        return prefix + id + "/" + part;
    }

    @Override
    public Upload begin(UUID id) {
        return new Upload() {
            private final ByteArrayOutputStream part = new ByteArrayOutputStream();
            private int chunksInPart;
            private long partIndex;

            @Override
            public void append(byte[] sealedChunk) {
                part.writeBytes(sealedChunk);
                if (++chunksInPart == CHUNKS_PER_PART) {
                    flush();
                }
            }

            private void flush() {
                PutObjectRequest.Builder request = PutObjectRequest.builder()
                        .bucket(bucket)
                        .key(key(id, partIndex))
                        .contentType("application/octet-stream");
                kmsKeyId.ifPresent(k -> request.serverSideEncryption(ServerSideEncryption.AWS_KMS)
                        .ssekmsKeyId(k));
                client.putObject(request.build(), RequestBody.fromBytes(part.toByteArray()));
                part.reset();
                chunksInPart = 0;
                partIndex++;
            }

            @Override
            public void complete() {
                if (chunksInPart > 0) {
                    flush();
                }
            }

            @Override
            public void abort() {
                part.reset();
                delete(id);
            }
        };
    }

    @Override
    public byte[] readChunk(UUID id, long index, int length) {
        long part = index / CHUNKS_PER_PART;
        long offset = (index % CHUNKS_PER_PART) * STORED_CHUNK;
        try {
            return client.getObjectAsBytes(r ->
                            r.bucket(bucket).key(key(id, part)).range("bytes=" + offset + "-" + (offset + length - 1)))
                    .asByteArray();
        } catch (NoSuchKeyException e) {
            return new byte[0];
        }
    }

    @Override
    public void delete(UUID id) {
        List<String> keys = new ArrayList<>();
        client.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix + id + "/")).contents().stream()
                .map(S3Object::key)
                .forEach(keys::add);
        for (String key : keys) {
            client.deleteObject(r -> r.bucket(bucket).key(key));
        }
    }

    @Override
    public String describe() {
        return "s3://" + bucket + "/" + prefix;
    }

    @Override
    public void close() {
        client.close();
    }
}
