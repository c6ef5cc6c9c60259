package dev.charter.attachment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.testsupport.KmsStub;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link S3AttachmentStore} through the real SDK against {@link ObjectStoreStub}. */
class S3AttachmentStoreTest {

    private static final int STORED = ChunkFormat.CHUNK_BYTES + ChunkFormat.OVERHEAD;

    private ObjectStoreStub s3;

    @BeforeAll
    static void credentials() {
        KmsStub.useTestCredentials();
    }

    @BeforeEach
    void start() {
        s3 = new ObjectStoreStub();
    }

    @AfterEach
    void stop() {
        s3.close();
    }

    private S3AttachmentStore store() {
        return S3AttachmentStore.create(config(s3.endpoint()), "local");
    }

    @Test
    void chunksGoInPartsAndComeBackByRangedReads() {
        int chunks = S3AttachmentStore.CHUNKS_PER_PART + 4;
        List<byte[]> written = new ArrayList<>();
        Random random = new Random(3);
        for (int i = 0; i < chunks; i++) {
            byte[] chunk = new byte[i == chunks - 1 ? 100 : STORED];
            random.nextBytes(chunk);
            written.add(chunk);
        }
        UUID id = UUID.randomUUID();
        try (S3AttachmentStore store = store()) {
            AttachmentStore.Upload upload = store.begin(id);
            written.forEach(upload::append);
            upload.complete();

            assertEquals(
                    List.of("attachments/" + id + "/0", "attachments/" + id + "/1"),
                    List.copyOf(s3.objects().keySet()),
                    "two objects: one full part, then the rest");
            assertEquals("aws:kms", s3.sse().get("attachments/" + id + "/0"), "SSE-KMS with the configured key");
            for (int i : new int[] {0, 5, S3AttachmentStore.CHUNKS_PER_PART, chunks - 1}) {
                assertArrayEquals(written.get(i), store.readChunk(id, i, written.get(i).length), "chunk " + i);
            }
            assertTrue(
                    s3.requests().stream().anyMatch(r -> r.startsWith("GET") && r.endsWith("bytes=0-" + (STORED - 1))),
                    "a chunk is read with a ranged GET: " + s3.requests());

            store.delete(id);
            assertEquals(0, s3.objects().size(), "deleting a file deletes every part");
            assertEquals(0, store.readChunk(id, 0, STORED).length);
        }
    }

    @Test
    void anAbortedUploadLeavesNothing() {
        UUID id = UUID.randomUUID();
        try (S3AttachmentStore store = store()) {
            AttachmentStore.Upload upload = store.begin(id);
            for (int i = 0; i < S3AttachmentStore.CHUNKS_PER_PART + 1; i++) {
                upload.append(new byte[STORED]);
            }
            assertEquals(1, s3.objects().size(), "a full part was sent");
            upload.abort();
            assertEquals(0, s3.objects().size());
        }
    }

    private static AttachmentConfig config(String endpoint) {
        return new AttachmentConfig() {
            @Override
            public long maxBytes() {
                return 26214400;
            }

            @Override
            public long quotaBytes() {
                return 1L << 30;
            }

            @Override
            public Optional<String> dir() {
                return Optional.empty();
            }

            @Override
            public Optional<String> s3Bucket() {
                return Optional.of(ObjectStoreStub.BUCKET);
            }

            @Override
            public Optional<String> s3Prefix() {
                return Optional.of("attachments");
            }

            @Override
            public Optional<String> s3Endpoint() {
                return Optional.of(endpoint);
            }

            @Override
            public Optional<String> s3Region() {
                return Optional.of("eu-central-1");
            }

            @Override
            public Optional<String> s3KmsKeyId() {
                return Optional.of("alias/charter-test");
            }
        };
    }
}
