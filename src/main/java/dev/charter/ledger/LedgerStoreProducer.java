package dev.charter.ledger;

import dev.charter.jurisdiction.RegionConfig;
import io.quarkus.runtime.LaunchMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import org.jboss.logging.Logger;

/** The external append-only sink's store: {@code charter.ledger.dir} or {@code charter.ledger.s3-bucket}, one of them. */
@ApplicationScoped
public class LedgerStoreProducer {

    private static final Logger LOG = Logger.getLogger(LedgerStoreProducer.class);

    @Produces
    @Singleton
    AppendOnlyStore store(LedgerConfig config, Clock clock, RegionConfig region) {
        AppendOnlyStore store = open(config, LaunchMode.current(), clock, region.region());
        LOG.infof("external append-only sink: %s", store.describe());
        return store;
    }

    void close(@Disposes AppendOnlyStore store) {
        if (store instanceof S3Store s3) {
            s3.close();
        }
    }

    public static AppendOnlyStore open(LedgerConfig config, LaunchMode mode, Clock clock, String region) {
        if (config.dir().isPresent() && config.s3Bucket().isPresent()) {
            throw new IllegalStateException("set one of charter.ledger.dir and charter.ledger.s3-bucket, not both: "
                    + "the shred ledger must have exactly one home");
        }
        if (config.s3Bucket().isPresent()) {
            return S3Store.create(config, region, clock);
        }
        if (config.dir().isPresent()) {
            return new DirectoryStore(Path.of(config.dir().get()));
        }
        if (mode == LaunchMode.DEVELOPMENT || mode == LaunchMode.TEST) {
            return new DirectoryStore(Path.of(".charter", "ledger"));
        }
        throw new IllegalStateException("charter.ledger.dir or charter.ledger.s3-bucket is required: "
                + "the shred ledger must live outside the database");
    }
}
