package dev.charter.messaging.write;

import dev.charter.messaging.MessageView;
import jakarta.inject.Singleton;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Messages this instance is committing, kept in plaintext in memory until its own NOTIFY comes back,
 * so local fan-out needs no database read and no decryption. Entries are registered before COMMIT
 * (the notification may arrive before the commit callback runs) and dropped on rollback.
 */
@Singleton
public class LocalDeliveries {

    private static final long MAX_AGE_NANOS = 60_000_000_000L;
    private static final int SWEEP_ABOVE = 100_000;

    public record Entry(MessageView view, String originConnection, long registeredAt) {}

    record Key(UUID conversation, long seq) {}

    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    void register(MessageView view, String originConnection) {
        if (entries.size() > SWEEP_ABOVE) {
            sweep();
        }
        entries.put(new Key(view.conversation(), view.seq()), new Entry(view, originConnection, System.nanoTime()));
    }

    public void forget(UUID conversation, long seq) {
        entries.remove(new Key(conversation, seq));
    }

    public Entry take(UUID conversation, long seq) {
        return entries.remove(new Key(conversation, seq));
    }

    /** Drops entries whose notification never came (the listener was down): clients recover with sync. */
    private void sweep() {
        long now = System.nanoTime();
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            if (now - it.next().registeredAt() > MAX_AGE_NANOS) {
                it.remove();
            }
        }
    }
}
