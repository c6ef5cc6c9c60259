package dev.charter.attachment;

import dev.charter.jurisdiction.RegionConfig;
import io.quarkus.runtime.LaunchMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/** The attachment store: {@code charter.attachments.dir} or {@code charter.attachments.s3-bucket}, one of them. */
@ApplicationScoped
public class AttachmentStoreProducer {

    private static final Logger LOG = Logger.getLogger(AttachmentStoreProducer.class);

    @Produces
    @Singleton
    AttachmentStore store(AttachmentConfig config, RegionConfig region) {
        AttachmentStore store = open(config, LaunchMode.current(), region.region());
        LOG.infof("attachment store: %s", store.describe());
        return store;
    }

    void close(@Disposes AttachmentStore store) {
        if (store instanceof S3AttachmentStore s3) {
            s3.close();
        }
    }

    static AttachmentStore open(AttachmentConfig config, LaunchMode mode, String region) {
        if (config.dir().isPresent() && config.s3Bucket().isPresent()) {
            throw new IllegalStateException(
                    "set one of charter.attachments.dir and charter.attachments.s3-bucket, not both");
        }
        if (config.s3Bucket().isPresent()) {
            return S3AttachmentStore.create(config, region);
        }
        if (config.dir().isPresent()) {
            return new DirectoryAttachmentStore(Path.of(config.dir().get()));
        }
        if (mode == LaunchMode.NORMAL) {
            // The files are sealed, so a local default is safe, but only durable on a persistent volume.
            LOG.warn("neither charter.attachments.dir nor charter.attachments.s3-bucket is set: "
                    + "attachments are kept in ./.charter/attachments");
        }
        return new DirectoryAttachmentStore(Path.of(".charter", "attachments"));
    }
}
