package dev.charter.crypto;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.Map;

/**
 * The messaging seam of envelope encryption: message bodies are sealed with AES-256-GCM under their
 * author's data key for the month ({@link DataKeyService}), with {@link MessageAad} as additional data.
 * Keys are acquired per batch first (cache hits, no I/O in the steady state), then sealing and opening
 * are pure CPU.
 */
@Singleton
public class MessageCipher {

    /** What opening a sealed body gave: the plaintext, or why there is none. */
    public record Opened(byte[] plaintext, boolean erased) {
        static final Opened UNREADABLE = new Opened(null, false);
        static final Opened ERASED = new Opened(null, true);

        public boolean readable() {
            return plaintext != null;
        }
    }

    private final DataKeyService dataKeys;
    private final Clock clock;

    public MessageCipher(DataKeyService dataKeys, Clock clock) {
        this.dataKeys = dataKeys;
        this.clock = clock;
    }

    /** The key epoch (yyyymm, UTC) a message sent now belongs to. */
    public int currentEpoch() {
        ZonedDateTime now = clock.instant().atZone(ZoneOffset.UTC);
        return now.getYear() * 100 + now.getMonthValue();
    }

    /** Each sender's sealing key for {@code epoch}; destroyed keys are returned and refuse to seal. */
    public Uni<Map<String, DataKey>> keysForSending(Collection<String> senders, int epoch) {
        return dataKeys.forSending(senders, epoch);
    }

    /** Whether the sender's key for this month is in memory, so a send needs no key lookup first. */
    public boolean sendingKeyCached(String sender) {
        return dataKeys.cachedForSending(sender, currentEpoch()) != null;
    }

    /** The keys these stored bodies were sealed with (absent when no such key exists). */
    public Uni<Map<DataKeyId, DataKey>> keysForReading(Collection<DataKeyId> ids) {
        return dataKeys.forReading(ids);
    }

    /**
     * Seals under {@code key}. Callers check {@link DataKey#destroyed()} first; a key evicted meanwhile
     * throws {@link StaleDataKeyException} (acquire again and retry).
     */
    public SealedText seal(DataKey key, byte[] plaintext, byte[] aad) {
        byte[] nonce = Envelope.nonce();
        byte[] sealed = key.withKey(secret -> Envelope.seal(secret, nonce, plaintext, aad));
        if (sealed == null) {
            throw new StaleDataKeyException();
        }
        return new SealedText(key.id().epoch(), key.id().version(), nonce, sealed);
    }

    /** Opens with {@code key} (null: no such key); never throws on bad input. */
    public Opened open(DataKey key, SealedText sealed, byte[] aad) {
        if (key == null) {
            return Opened.UNREADABLE;
        }
        if (key.destroyed()) {
            return "erasure".equals(key.destroyedReason()) ? Opened.ERASED : Opened.UNREADABLE;
        }
        byte[] plain = key.withKey(secret -> Envelope.open(secret, sealed.nonce(), sealed.ciphertext(), aad));
        return plain == null ? Opened.UNREADABLE : new Opened(plain, false);
    }

    public static DataKeyId keyOf(String sender, SealedText sealed) {
        return new DataKeyId(sender, sealed.keyEpoch(), sealed.keyVersion());
    }
}
