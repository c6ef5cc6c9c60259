package dev.charter.crypto;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One data key per (author, month): found in the cache (the steady state, no I/O), else read from
 * {@code data_key} and unwrapped, else generated and stored wrapped. Provider calls block, so they run
 * on a worker thread; concurrent misses of one key share a single load, and concurrent first use by two
 * instances is settled by the table's primary key (the loser re-reads the winner's key).
 */
@Singleton
public class DataKeyService {

    /** The only version written today; the column leaves room for re-keying a month. */
    static final int CURRENT_VERSION = 1;

    private final DataKeyRepository repository;
    private final KeyProvider provider;
    private final DataKeyCache cache;
    private final Map<DataKeyId, Uni<DataKey>> loading = new ConcurrentHashMap<>();

    DataKeyService(DataKeyRepository repository, KeyProvider provider, KeyConfig config, Clock clock) {
        this.repository = repository;
        this.provider = provider;
        this.cache = new DataKeyCache(config.cache().maxSize(), config.cache().maxAge(), clock);
    }

    /**
     * Each sender's key for {@code epoch}, created on first use. A sender whose key was destroyed maps to a
     * destroyed key: nothing may be sealed under it. Completes at once when every key is cached.
     */
    public Uni<Map<String, DataKey>> forSending(Collection<String> senders, int epoch) {
        Map<String, DataKey> found = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String sender : new LinkedHashSet<>(senders)) {
            DataKey key = cache.get(new DataKeyId(sender, epoch, CURRENT_VERSION));
            if (key != null) {
                found.put(sender, key);
            } else {
                missing.add(sender);
            }
        }
        if (missing.isEmpty()) {
            return Uni.createFrom().item(found);
        }
        List<Uni<DataKey>> loads = missing.stream()
                .map(sender -> load(new DataKeyId(sender, epoch, CURRENT_VERSION), true))
                .toList();
        return Uni.join().all(loads).andFailFast().map(keys -> {
            keys.forEach(key -> found.put(key.id().userId(), key));
            return found;
        });
    }

    /** The sender's sealing key for {@code epoch} when it is in memory, else null. */
    public DataKey cachedForSending(String sender, int epoch) {
        return cache.get(new DataKeyId(sender, epoch, CURRENT_VERSION));
    }

    /** The keys that sealed these messages; an id with no stored key (never existed) is absent. */
    public Uni<Map<DataKeyId, DataKey>> forReading(Collection<DataKeyId> ids) {
        Map<DataKeyId, DataKey> found = new HashMap<>();
        List<Uni<DataKey>> loads = new ArrayList<>();
        for (DataKeyId id : new LinkedHashSet<>(ids)) {
            DataKey key = cache.get(id);
            if (key != null) {
                found.put(id, key);
            } else {
                loads.add(load(id, false));
            }
        }
        if (loads.isEmpty()) {
            return Uni.createFrom().item(found);
        }
        return Uni.join().all(loads).andCollectFailures().map(keys -> {
            keys.stream().filter(k -> k != null).forEach(key -> found.put(key.id(), key));
            return found;
        });
    }

    /** Forgets (and zeroes) these keys here; called after they were destroyed, here or by another instance. */
    public void evict(List<UUID> keyIds) {
        cache.evictKeyIds(keyIds);
    }

    int cachedKeys() {
        return cache.size();
    }

    void evictAll() {
        cache.evictAll();
    }

    private Uni<DataKey> load(DataKeyId id, boolean create) {
        return loading.computeIfAbsent(
                id,
                ignored -> Uni.createFrom()
                        .deferred(() -> {
                            long generation = cache.generation();
                            return repository
                                    .find(id)
                                    .flatMap(stored -> {
                                        if (stored != null) {
                                            return open(stored);
                                        }
                                        return create
                                                ? generate(id)
                                                : Uni.createFrom().nullItem();
                                    })
                                    .invoke(key -> {
                                        if (key != null) {
                                            cache.putUnlessEvictedSince(key, generation);
                                        }
                                    });
                        })
                        .eventually(() -> {
                            loading.remove(id);
                        })
                        .memoize()
                        .indefinitely());
    }

    private Uni<DataKey> open(StoredDataKey stored) {
        if (stored.destroyed()) {
            return Uni.createFrom().item(DataKey.destroyed(stored.id(), stored.keyId(), stored.destroyedReason()));
        }
        return blocking(() -> DataKey.live(
                stored.id(), stored.keyId(), provider.unwrap(stored.keyId(), stored.wrapped(), stored.keyRef())));
    }

    private Uni<DataKey> generate(DataKeyId id) {
        UUID keyId = UUID.randomUUID();
        return blocking(() -> provider.generate(keyId))
                .flatMap(generated -> repository
                        .insert(id, keyId, generated.wrapped(), provider.name(), generated.keyRef())
                        .flatMap(inserted -> {
                            if (inserted) {
                                return Uni.createFrom().item(DataKey.live(id, keyId, generated.plaintext()));
                            }
                            // Another instance created this month's key first: use theirs, forget ours.
                            Arrays.fill(generated.plaintext(), (byte) 0);
                            return repository.find(id).flatMap(this::open);
                        }));
    }

    /** Provider calls block (KMS is a network round trip): never on the event loop. */
    private static <T> Uni<T> blocking(Supplier<T> call) {
        return Uni.createFrom().item(call).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
