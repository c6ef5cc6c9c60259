package dev.charter.attachment;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * {@code charter.attachments.*}: upload limits and where sealed files are kept, a local directory ({@code dir})
 * or an S3 bucket ({@code s3-bucket}); one of them.
 */
@ConfigMapping(prefix = "charter.attachments")
public interface AttachmentConfig {

    /** Largest file accepted, in bytes (25 MiB). */
    @WithDefault("26214400")
    long maxBytes();

    /** What one user may keep uploaded at once, in bytes (1 GiB). */
    @WithDefault("1073741824")
    long quotaBytes();

    Optional<String> dir();

    Optional<String> s3Bucket();

    /** Key prefix inside the bucket ({@code /} appended when missing). */
    Optional<String> s3Prefix();

    /** Endpoint override (tests, S3-compatible stores, VPC endpoints); path-style access then. */
    Optional<String> s3Endpoint();

    /** Region of the bucket; else {@code charter.region} when it is an AWS region, else the SDK's chain. */
    Optional<String> s3Region();

    /** KMS key for SSE-KMS of the objects; unset: the bucket's default encryption. */
    Optional<String> s3KmsKeyId();
}
