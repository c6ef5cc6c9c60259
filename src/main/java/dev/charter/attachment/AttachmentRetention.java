package dev.charter.attachment;

import dev.charter.crypto.UnreadableData;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Files whose uploader's month key is gone (retention shredded it, or an erasure did) can never be opened again:
 * each retention sweep deletes a batch of their rows, then their sealed files on a worker thread.
 */
@Singleton
public class AttachmentRetention implements UnreadableData {

    private static final Logger LOG = Logger.getLogger(AttachmentRetention.class);

    private final AttachmentRepository repository;
    private final Provider<AttachmentStore> store;

    AttachmentRetention(AttachmentRepository repository, Provider<AttachmentStore> store) {
        this.repository = repository;
        this.store = store;
    }

    @Override
    public Uni<Integer> deleteUnreadable(int limit) {
        return repository.deleteUnderDestroyedKeys(limit).map(ids -> {
            if (!ids.isEmpty()) {
                Infrastructure.getDefaultWorkerPool().execute(() -> deleteFiles(ids));
            }
            return ids.size();
        });
    }

    private void deleteFiles(List<UUID> ids) {
        try {
            ids.forEach(store.get()::delete);
        } catch (RuntimeException e) {
            LOG.warnf(
                    "deleting %d unreadable attachment files failed (%s); they stay sealed under destroyed keys",
                    ids.size(), e.getClass().getSimpleName());
        }
    }
}
