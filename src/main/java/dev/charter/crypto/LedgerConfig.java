package dev.charter.crypto;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/**
 * {@code charter.ledger.*}: the external append-only sink for the shred ledger and audit checkpoints,
 * a local directory or (in AWS) an S3 bucket with Object Lock.
 */
@ConfigMapping(prefix = "charter.ledger")
public interface LedgerConfig {

    Optional<String> dir();

    Optional<String> s3Bucket();

    /** Key prefix inside the bucket; the task role may write only under it. */
    Optional<String> s3Prefix();
}
