package dev.charter.attachment;

import dev.charter.common.ProblemException;
import dev.charter.crypto.DataKey;
import dev.charter.crypto.DataKeyId;
import dev.charter.crypto.MessageCipher;
import dev.charter.crypto.SealedText;
import dev.charter.crypto.StaleDataKeyException;
import dev.charter.messaging.ConversationAccess;
import dev.charter.messaging.conversation.MembershipCache;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Uploading and reading attachments. Both stream: an upload holds two plaintext chunks at a time whatever the
 * file's size, a download one. Calls block (the store, waiting on the database): callers run on worker threads.
 */
@Singleton
public class AttachmentService {

    private static final Duration DB_WAIT = Duration.ofSeconds(30);

    private final AttachmentRepository repository;
    private final AttachmentStore store;
    private final MessageCipher cipher;
    private final MembershipCache memberships;
    private final AttachmentConfig config;
    private final UploadScreening screening;

    AttachmentService(
            AttachmentRepository repository,
            AttachmentStore store,
            MessageCipher cipher,
            MembershipCache memberships,
            AttachmentConfig config,
            UploadScreening screening) {
        this.repository = repository;
        this.store = store;
        this.cipher = cipher;
        this.memberships = memberships;
        this.config = config;
        this.screening = screening;
    }

    /** A download about to be written: which bytes, and the opened first chunk of them. */
    public record Download(StoredAttachment attachment, DataKey key, ByteRange range, long total) {
        public String contentType() {
            return attachment.contentType();
        }

        public long size() {
            return attachment.size();
        }

        /** {@code all}, or the range's first and last byte as {@code a-b}. */
        public String rangeLabel() {
            return range == null ? "all" : range.first() + "-" + range.last();
        }
    }

    /**
     * Seals {@code body} chunk by chunk into the store under the uploader's month key and records it. Nothing is
     * kept when the body is too large, of another type than declared, over the quota, or a file the rules of the
     * uploader's jurisdiction refuse by its digest.
     *
     * @param declaredLength the request's Content-Length, or -1 when it had none (chunked)
     */
    public AttachmentView upload(
            String uploader,
            String jurisdiction,
            UUID conversation,
            String contentTypeHeader,
            long declaredLength,
            InputStream body) {
        requireMember(uploader, conversation);
        String type = ContentTypes.normalise(contentTypeHeader);
        if (!ContentTypes.accepted(type)) {
            throw AttachmentProblems.unsupported(type);
        }
        if (declaredLength > config.maxBytes()) {
            throw AttachmentProblems.tooLarge(config.maxBytes());
        }
        long used = repository.usedBytes(uploader).await().atMost(DB_WAIT);
        if (used + Math.max(0, declaredLength) > config.quotaBytes()) {
            throw AttachmentProblems.quota(config.quotaBytes());
        }
        int epoch = cipher.currentEpoch();
        DataKey key = sealingKey(uploader, epoch);
        UUID id = UUID.randomUUID();
        MessageDigest digest = sha256();
        AttachmentStore.Upload upload = store.begin(id);
        long size;
        try {
            size = sealChunks(id, uploader, epoch, key, type, body, digest, upload);
            upload.complete();
        } catch (RuntimeException e) {
            upload.abort();
            throw e;
        }
        byte[] sha256 = digest.digest();
        String sha256Hex = HexFormat.of().formatHex(sha256);
        Optional<String> refusal;
        try {
            refusal = screening.refusal(
                    new UploadScreening.ScreenedUpload(uploader, jurisdiction, conversation, type, size, sha256Hex));
        } catch (RuntimeException e) {
            store.delete(id);
            throw e;
        }
        if (refusal.isPresent()) {
            store.delete(id);
            throw AttachmentProblems.refused(refusal.get());
        }
        SealedText sealedDigest = seal(uploader, epoch, key, sha256, ChunkFormat.digestAad(id));
        StoredAttachment row = new StoredAttachment(
                id,
                conversation,
                uploader,
                type,
                size,
                sealedDigest.keyEpoch(),
                sealedDigest.keyVersion(),
                sealedDigest.nonce(),
                sealedDigest.ciphertext(),
                null);
        boolean stored;
        try {
            stored = repository
                    .insertWithinQuota(row, config.quotaBytes())
                    .await()
                    .atMost(DB_WAIT);
        } catch (RuntimeException e) {
            store.delete(id);
            throw e;
        }
        if (!stored) {
            store.delete(id);
            throw AttachmentProblems.quota(config.quotaBytes());
        }
        return new AttachmentView(id, type, size, sha256Hex);
    }

    private long sealChunks(
            UUID id,
            String uploader,
            int epoch,
            DataKey key,
            String type,
            InputStream body,
            MessageDigest digest,
            AttachmentStore.Upload upload) {
        byte[] current = new byte[ChunkFormat.CHUNK_BYTES];
        byte[] next = new byte[ChunkFormat.CHUNK_BYTES];
        int currentLength = readFully(body, current);
        long total = currentLength;
        checkSize(total);
        if (!ContentTypes.matches(type, current, currentLength)) {
            throw AttachmentProblems.mismatch(type);
        }
        long index = 0;
        while (true) {
            int nextLength = currentLength == current.length ? readFully(body, next) : 0;
            total += nextLength;
            checkSize(total);
            boolean last = nextLength == 0;
            digest.update(current, 0, currentLength);
            byte[] plain = currentLength == current.length ? current : Arrays.copyOf(current, currentLength);
            SealedText sealed = seal(uploader, epoch, key, plain, ChunkFormat.chunkAad(id, index, last));
            upload.append(ChunkFormat.join(sealed.nonce(), sealed.ciphertext()));
            if (last) {
                return total;
            }
            byte[] swap = current;
            current = next;
            next = swap;
            currentLength = nextLength;
            index++;
        }
    }

    private void checkSize(long total) {
        if (total > config.maxBytes()) {
            throw AttachmentProblems.tooLarge(config.maxBytes());
        }
    }

    private DataKey sealingKey(String uploader, int epoch) {
        DataKey key = cipher.keysForSending(List.of(uploader), epoch)
                .await()
                .atMost(DB_WAIT)
                .get(uploader);
        if (key == null || key.destroyed()) {
            throw new ProblemException(409, "conflict", "Your data key for this month is not available.");
        }
        return key;
    }

    /** Seals under {@code key}; a key evicted from the cache meanwhile is fetched again. */
    private SealedText seal(String uploader, int epoch, DataKey key, byte[] plain, byte[] aad) {
        try {
            return cipher.seal(key, plain, aad);
        } catch (StaleDataKeyException e) {
            return cipher.seal(sealingKey(uploader, epoch), plain, aad);
        }
    }

    /**
     * Finds the attachment for a member of its conversation (anyone else: 404, never 403) and resolves the range.
     *
     * @throws ByteRange.Unsatisfiable for a range beyond the file (416)
     */
    public Download open(String caller, UUID id, String rangeHeader) {
        StoredAttachment a =
                repository.find(id).await().atMost(DB_WAIT).orElseThrow(AttachmentProblems::noSuchAttachment);
        if (!isMember(caller, a.conversation())) {
            throw AttachmentProblems.noSuchAttachment();
        }
        return download(a, rangeHeader);
    }

    /** The files attached to the message at {@code seq}, for a moderator deciding a report on it. Blocks. */
    public List<AttachmentView> attachedTo(UUID conversation, long seq) {
        List<StoredAttachment> rows =
                repository.attachedTo(conversation, seq).await().atMost(DB_WAIT);
        List<AttachmentView> views = new ArrayList<>();
        for (StoredAttachment a : rows) {
            MessageCipher.Opened digest = openDigest(a, readingKey(a));
            if (digest.readable()) {
                views.add(new AttachmentView(
                        a.id(), a.contentType(), a.size(), HexFormat.of().formatHex(digest.plaintext())));
            }
        }
        return views;
    }

    /**
     * One file of the message at {@code seq}, for a moderator deciding a report on it; any other file is 404.
     *
     * @throws ByteRange.Unsatisfiable for a range beyond the file (416)
     */
    public Download openAttachedTo(UUID conversation, long seq, UUID id, String rangeHeader) {
        StoredAttachment a = repository.attachedTo(conversation, seq).await().atMost(DB_WAIT).stream()
                .filter(row -> row.id().equals(id))
                .findFirst()
                .orElseThrow(AttachmentProblems::noSuchAttachment);
        return download(a, rangeHeader);
    }

    private Download download(StoredAttachment a, String rangeHeader) {
        DataKey key = readingKey(a);
        if (!openDigest(a, key).readable()) {
            throw AttachmentProblems.unreadable();
        }
        ByteRange range = ByteRange.parse(rangeHeader, a.size());
        return new Download(a, key, range, range == null ? a.size() : range.length());
    }

    private DataKey readingKey(StoredAttachment a) {
        DataKeyId keyId = new DataKeyId(a.uploader(), a.keyEpoch(), a.keyVersion());
        return cipher.keysForReading(List.of(keyId)).await().atMost(DB_WAIT).get(keyId);
    }

    private MessageCipher.Opened openDigest(StoredAttachment a, DataKey key) {
        return cipher.open(
                key,
                new SealedText(a.keyEpoch(), a.keyVersion(), a.digestNonce(), a.digestSealed()),
                ChunkFormat.digestAad(a.id()));
    }

    /** Writes the download's bytes, opening only the chunks they lie in; a chunk that does not open stops it. */
    public void write(Download d, OutputStream out) throws IOException {
        StoredAttachment a = d.attachment();
        if (a.size() == 0) {
            openChunk(a, d.key(), 0);
            return;
        }
        long first = d.range() == null ? 0 : d.range().first();
        long last = d.range() == null ? a.size() - 1 : d.range().last();
        for (long index = first / ChunkFormat.CHUNK_BYTES; index <= last / ChunkFormat.CHUNK_BYTES; index++) {
            byte[] plain = openChunk(a, d.key(), index);
            long chunkStart = index * ChunkFormat.CHUNK_BYTES;
            int from = (int) Math.max(0, first - chunkStart);
            int to = (int) Math.min(plain.length, last - chunkStart + 1);
            out.write(plain, from, to - from);
        }
    }

    private byte[] openChunk(StoredAttachment a, DataKey key, long index) throws IOException {
        long count = ChunkFormat.chunkCount(a.size());
        int length = ChunkFormat.storedLength(a.size(), index);
        byte[] stored = store.readChunk(a.id(), index, length);
        if (stored.length != length) {
            throw new IOException("attachment chunk missing");
        }
        SealedText sealed = new SealedText(
                a.keyEpoch(),
                a.keyVersion(),
                Arrays.copyOf(stored, ChunkFormat.NONCE_BYTES),
                Arrays.copyOfRange(stored, ChunkFormat.NONCE_BYTES, stored.length));
        MessageCipher.Opened opened = cipher.open(key, sealed, ChunkFormat.chunkAad(a.id(), index, index == count - 1));
        if (!opened.readable()) {
            throw new IOException("attachment chunk does not authenticate");
        }
        return opened.plaintext();
    }

    /**
     * The user's own attachments for their export (GDPR Arts. 15 and 20): what is known of each and where to
     * download it; the files themselves stay behind their download path. Blocks.
     */
    public List<Map<String, Object>> exportOf(String uploader) {
        List<StoredAttachment> rows = repository.byUploader(uploader).await().atMost(DB_WAIT);
        List<DataKeyId> keyIds = rows.stream()
                .map(a -> new DataKeyId(a.uploader(), a.keyEpoch(), a.keyVersion()))
                .toList();
        Map<DataKeyId, DataKey> keys = keyIds.isEmpty()
                ? Map.of()
                : cipher.keysForReading(keyIds).await().atMost(DB_WAIT);
        List<Map<String, Object>> entries = new ArrayList<>();
        for (StoredAttachment a : rows) {
            MessageCipher.Opened digest = cipher.open(
                    keys.get(new DataKeyId(a.uploader(), a.keyEpoch(), a.keyVersion())),
                    new SealedText(a.keyEpoch(), a.keyVersion(), a.digestNonce(), a.digestSealed()),
                    ChunkFormat.digestAad(a.id()));
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", a.id().toString());
            entry.put("conversation", a.conversation().toString());
            entry.put("contentType", a.contentType());
            entry.put("size", a.size());
            entry.put("sha256", digest.readable() ? HexFormat.of().formatHex(digest.plaintext()) : null);
            entry.put("downloadPath", "/v1/attachments/" + a.id());
            entries.add(entry);
        }
        return entries;
    }

    private void requireMember(String user, UUID conversation) {
        if (!isMember(user, conversation)) {
            throw ProblemException.notFound("No such conversation.");
        }
    }

    private boolean isMember(String user, UUID conversation) {
        Optional<ConversationAccess> access =
                memberships.get(conversation).await().atMost(DB_WAIT);
        return access.isPresent() && access.get().members().contains(user);
    }

    private static int readFully(InputStream in, byte[] buffer) {
        int filled = 0;
        try {
            while (filled < buffer.length) {
                int read = in.read(buffer, filled, buffer.length - filled);
                if (read < 0) {
                    break;
                }
                filled += read;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return filled;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
