package dev.charter.crypto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.charter.common.ErrorCodes;
import dev.charter.common.ProblemException;
import dev.charter.common.Transactions;
import dev.charter.jurisdiction.RegionConfig;
import dev.charter.ledger.LedgerEntry;
import dev.charter.ledger.LedgerSink;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Erasure and retention by crypto-shredding: destroying data keys makes every copy of what they sealed
 * unreadable, backups included. Order matters: the entry and its signed receipt go to the external sink
 * first (durable), then the keys are destroyed with the database copy of the entry in one transaction,
 * announced to peers, and the receipt is returned. A crash in between is finished by {@link ShredReplay} at the next start.
 * Used by the privacy (erasure) and retention features.
 */
@ApplicationScoped
public class CryptoShredder {

    static final String USER = "user";
    static final String BEFORE_EPOCH = "before_epoch";
    static final String RETENTION = "retention";
    static final String ACCOUNT = "account";

    private final Transactions transactions;
    private final DataKeyRepository keys;
    private final ShredLedgerRepository ledger;
    private final LedgerSink sink;
    private final ReceiptSigner signer;
    private final KeyEvents events;
    private final DataKeyService dataKeys;
    private final ShredHolds holds;
    private final ObjectMapper json;
    private final Clock clock;
    private final String region;

    CryptoShredder(
            Transactions transactions,
            DataKeyRepository keys,
            ShredLedgerRepository ledger,
            LedgerSink sink,
            ReceiptSigner signer,
            KeyEvents events,
            DataKeyService dataKeys,
            ShredHolds holds,
            ObjectMapper json,
            Clock clock,
            RegionConfig region) {
        this.transactions = transactions;
        this.keys = keys;
        this.ledger = ledger;
        this.sink = sink;
        this.signer = signer;
        this.events = events;
        this.dataKeys = dataKeys;
        this.holds = holds;
        this.json = json;
        this.clock = clock;
        this.region = region.region();
    }

    /**
     * Destroys every data key of {@code userId} (erasure). Idempotent, so an erasure that failed after this
     * step can simply run again: with no live key left, the receipt of the earlier shred is returned.
     */
    public Uni<DeletionReceipt> destroyKeys(String userId) {
        String subject = subjectDigest(userId);
        return holds.lawfulReason(userId)
                .invoke(reason -> reason.ifPresent(r -> {
                    throw new ProblemException(
                            409, ErrorCodes.CONFLICT, "A legal hold covers this user's data: " + r, Map.of("hold", r));
                }))
                .chain(() -> keys.liveKeyIdsOf(userId))
                .flatMap(ids -> {
                    Uni<DeletionReceipt> fresh = shred(USER, subject, null, ids, userId, null, "erasure");
                    if (!ids.isEmpty()) {
                        return fresh;
                    }
                    return ledger.latestReceipt(USER, subject)
                            .flatMap(earlier ->
                                    earlier.isPresent() ? Uni.createFrom().item(fromJson(earlier.get())) : fresh);
                });
    }

    /**
     * Records in the ledger that the account of {@code userId} was erased (its keys are recorded by
     * {@link #destroyKeys}), so that start-up on a database restored from an earlier backup erases the account
     * again ({@link ShredReplay}). The entry names the user by {@link #subjectDigest} only.
     */
    public Uni<DeletionReceipt> recordAccountErasure(String userId) {
        return shred(ACCOUNT, subjectDigest(userId), null, List.of(), null, null, "erasure");
    }

    /** Destroys every data key of months before {@code epoch} (yyyymm), whoever the author (retention). */
    public Uni<DeletionReceipt> destroyKeysBefore(int epoch) {
        // Under a hold only the listed keys go: widening to every key of those months would take held ones.
        return holds.heldKeyOwners()
                .flatMap(held -> keys.liveKeyIdsBefore(epoch, held)
                        .flatMap(ids -> shred(
                                BEFORE_EPOCH, null, epoch, ids, null, held.isEmpty() ? epoch : null, "retention")));
    }

    /**
     * Retention of one jurisdiction: destroys up to {@code limit} live keys of months before {@code epoch}
     * whose owners are in {@code jurisdiction} and returns how many; 0 when none are left. The ledger entry
     * (and the receipt stored with it) names the jurisdiction, never a user. Only the listed keys are
     * destroyed: other jurisdictions keep theirs, and so do users whose keys a legal hold covers.
     */
    public Uni<Integer> destroyRetainedKeys(String jurisdiction, int epoch, int limit) {
        return holds.heldKeyOwners()
                .flatMap(held -> keys.liveKeyIdsBefore(jurisdiction, epoch, limit, held))
                .flatMap(ids -> ids.isEmpty()
                        ? Uni.createFrom().item(0)
                        : shred(RETENTION, jurisdiction, epoch, ids, null, null, "retention")
                                .replaceWith(ids.size()));
    }

    /**
     * Before an erased id is re-enabled: deletes the rows of its destroyed keys so the id can get fresh
     * keys for the current month. The ledger keeps their ids, so a restored backup still loses them.
     */
    public Uni<Integer> forgetDestroyedKeys(String userId) {
        return transactions
                .inTransaction(conn -> keys.deleteDestroyed(conn, userId)
                        .call(ids -> events.announce(conn, ids))
                        .invoke(dataKeys::evict))
                .map(List::size);
    }

    /** The opaque subject recorded for a user: SHA-256 of the id, hex. */
    public static String subjectDigest(String userId) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(userId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code beforeEpoch} is what the ledger records; {@code alsoUser} and {@code alsoBeforeEpoch} widen the
     * destruction to keys created after {@code ids} were listed (erasure of a user, region-wide retention).
     */
    private Uni<DeletionReceipt> shred(
            String scope,
            String subject,
            Integer beforeEpoch,
            List<UUID> ids,
            String alsoUser,
            Integer alsoBeforeEpoch,
            String reason) {
        String at = clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
        return Uni.createFrom()
                .item(() -> {
                    LedgerEntry entry = sink.append(at, scope, subject, beforeEpoch, ids);
                    DeletionReceipt receipt = receipt(entry);
                    String stored = toJson(receipt);
                    sink.keepReceipt(entry.position(), stored);
                    return new Promised(entry, receipt, stored);
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(promised -> transactions
                        .inTransaction(conn -> keys.destroy(conn, ids, alsoUser, alsoBeforeEpoch, reason)
                                .call(destroyed -> ledger.record(conn, promised.entry(), promised.stored()))
                                .call(destroyed -> events.announce(conn, union(ids, destroyed))))
                        .invoke(destroyed -> dataKeys.evict(union(ids, destroyed)))
                        .replaceWith(promised.receipt()));
    }

    private record Promised(LedgerEntry entry, DeletionReceipt receipt, String stored) {}

    private DeletionReceipt receipt(LedgerEntry entry) {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("type", "charter.deletion-receipt.v1");
        statement.put("region", region);
        statement.put("scope", entry.scope());
        statement.put("subject", entry.subject());
        statement.put("beforeEpoch", entry.beforeEpoch());
        statement.put("keyIds", entry.keyIds().stream().map(UUID::toString).toList());
        statement.put("destroyedAt", entry.at());
        statement.put("ledgerPosition", entry.position());
        statement.put("ledgerHash", entry.hash());
        statement.put("signingKey", signer.fingerprint());
        String payload = toJson(statement);
        return new DeletionReceipt(payload, signer.sign(payload), "Ed25519", signer.fingerprint());
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private DeletionReceipt fromJson(String stored) {
        try {
            return json.readValue(stored, DeletionReceipt.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored deletion receipt does not parse", e);
        }
    }

    private static List<UUID> union(List<UUID> a, List<UUID> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).distinct().toList();
    }
}
