package dev.charter.attachment;

import dev.charter.identity.UserDataErasure;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Attachments' part of erasing a user: their rows go in the erasure's transaction and their sealed files with
 * them, deleted on a worker thread once the rows are. Crypto-shredding the uploader's keys already makes the
 * files unreadable wherever copies are; deleting them frees the space. A file deleted for a transaction that then
 * rolls back leaves a row whose download answers 404; the erasure is resumed until it completes, and its next
 * run deletes the row.
 */
@Singleton
public class AttachmentErasure implements UserDataErasure {

    private static final Logger LOG = Logger.getLogger(AttachmentErasure.class);

    private final AttachmentRepository repository;
    /** Looked up on use: erasures are wired into request filters built before runtime configuration exists. */
    private final Provider<AttachmentStore> store;

    AttachmentErasure(AttachmentRepository repository, Provider<AttachmentStore> store) {
        this.repository = repository;
        this.store = store;
    }

    @Override
    public Uni<Void> eraseUserData(SqlClient transaction, String userId) {
        return repository
                .deleteByUploader(transaction, userId)
                .invoke(ids -> {
                    if (!ids.isEmpty()) {
                        Infrastructure.getDefaultWorkerPool().execute(() -> deleteFiles(ids));
                    }
                })
                .replaceWithVoid();
    }

    private void deleteFiles(List<UUID> ids) {
        try {
            ids.forEach(store.get()::delete);
        } catch (RuntimeException e) {
            LOG.warnf(
                    "deleting %d erased attachment files failed (%s); they stay sealed under destroyed keys",
                    ids.size(), e.getClass().getSimpleName());
        }
    }
}
