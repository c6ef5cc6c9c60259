package dev.charter.ledger;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * {@code charter.ledger.*}: the external append-only sink for the shred ledger and audit checkpoints,
 * a local directory ({@code dir}) or (in AWS) an S3 bucket with Object Lock ({@code s3-bucket}); one of them.
 */
@ConfigMapping(prefix = "charter.ledger")
public interface LedgerConfig {

    Optional<String> dir();

    Optional<String> s3Bucket();

    /** Key prefix inside the bucket ({@code /} appended when missing); the task role may write only under it. */
    Optional<String> s3Prefix();

    /** Endpoint override (tests, S3-compatible stores, VPC interface endpoints); path-style access then. */
    Optional<String> s3Endpoint();

    /** Region of the bucket; else {@code charter.region} when it is an AWS region, else the SDK's chain. */
    Optional<String> s3Region();

    /**
     * Object Lock (COMPLIANCE) retention of every object written, in days. 2557 days is 7 years with leap
     * days: receipts and the ledger are the evidence that an erasure happened, kept as long as the longest
     * usual limitation and record-keeping periods. Objects must not be deleted afterwards either: the
     * ledger's hash chain starts at its first entry.
     */
    @WithDefault("2557")
    int s3RetentionDays();

    /** KMS key for SSE-KMS of the objects; unset: the bucket's default encryption. */
    Optional<String> s3KmsKeyId();
}
