package dev.charter.crypto;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Re-wraps data keys under the current master key version, online and in batches of {@link #BATCH}.
 * The DEKs themselves do not change, so messages are never re-encrypted and cached keys stay valid; each
 * row is updated only if still wrapped as read (a concurrent shred or another rotating instance wins).
 * Progress is the data itself (rows whose key ref differs from the current one), so a crashed run is
 * resumed by calling it again. When it reports nothing remaining, the old master version can be retired.
 */
@ApplicationScoped
public class KeyRotationService {

    public record Result(String currentKeyRef, long rewrapped, long failed, long remaining) {}

    static final int BATCH = 200;
    private static final Logger LOG = Logger.getLogger(KeyRotationService.class);
    /** Below every uuid in PostgreSQL's (unsigned, bytewise) order. */
    private static final UUID FIRST = new UUID(0, 0);

    private record Rewrapped(StoredDataKey key, KeyProvider.Wrapped wrapped) {}

    private final DataKeyRepository repository;
    private final KeyProvider provider;

    KeyRotationService(DataKeyRepository repository, KeyProvider provider) {
        this.repository = repository;
        this.provider = provider;
    }

    public Uni<Result> rotate() {
        return Uni.createFrom()
                .item(provider::currentKeyRef)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(current -> batches(current, FIRST, new long[2])
                        .flatMap(counts -> repository
                                .countNotWrappedUnder(current)
                                .map(remaining -> new Result(current, counts[0], counts[1], remaining))));
    }

    private Uni<long[]> batches(String current, UUID after, long[] counts) {
        return repository.notWrappedUnder(current, after, BATCH).flatMap(batch -> {
            if (batch.isEmpty()) {
                return Uni.createFrom().item(counts);
            }
            UUID last = batch.get(batch.size() - 1).keyId();
            return Uni.createFrom()
                    .item(() -> rewrapAll(batch, counts))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .flatMap(done -> store(done, 0, counts))
                    .flatMap(ignored -> batches(current, last, counts));
        });
    }

    private List<Rewrapped> rewrapAll(List<StoredDataKey> batch, long[] counts) {
        List<Rewrapped> done = new ArrayList<>(batch.size());
        for (StoredDataKey key : batch) {
            try {
                done.add(new Rewrapped(key, provider.rewrap(key.keyId(), key.wrapped(), key.keyRef())));
            } catch (RuntimeException e) {
                counts[1]++;
                LOG.warnf(
                        "cannot re-wrap data key %s: %s",
                        key.keyId(), e.getClass().getName());
            }
        }
        return done;
    }

    private Uni<Void> store(List<Rewrapped> done, int index, long[] counts) {
        if (index == done.size()) {
            return Uni.createFrom().voidItem();
        }
        Rewrapped r = done.get(index);
        return repository
                .rewrap(
                        r.key().keyId(),
                        r.key().keyRef(),
                        r.wrapped().wrapped(),
                        r.wrapped().keyRef())
                .invoke(updated -> counts[0] += updated ? 1 : 0)
                .flatMap(ignored -> store(done, index + 1, counts));
    }
}
