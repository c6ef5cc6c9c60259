package dev.charter.attachment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * {@link AttachmentStore} in a local directory ({@code charter.attachments.dir}): one file per attachment, its
 * sealed chunks one after the other, written under a temporary name and renamed when complete.
 */
final class DirectoryAttachmentStore implements AttachmentStore {

    private final Path dir;

    DirectoryAttachmentStore(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the attachments directory", e);
        }
    }

    @Override
    public Upload begin(UUID id) {
        Path partial = dir.resolve(id + ".partial");
        Path done = dir.resolve(id.toString());
        FileChannel channel;
        try {
            channel = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Upload() {
            @Override
            public void append(byte[] sealedChunk) {
                try {
                    ByteBuffer buffer = ByteBuffer.wrap(sealedChunk);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void complete() {
                try {
                    channel.force(true);
                    channel.close();
                    Files.move(partial, done, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void abort() {
                try {
                    channel.close();
                    Files.deleteIfExists(partial);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    @Override
    public byte[] readChunk(UUID id, long index, int length) {
        try (FileChannel channel = FileChannel.open(dir.resolve(id.toString()), StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(length);
            long position = index * (ChunkFormat.CHUNK_BYTES + ChunkFormat.OVERHEAD);
            while (buffer.hasRemaining()) {
                int read = channel.read(buffer, position + buffer.position());
                if (read < 0) {
                    break;
                }
            }
            if (buffer.hasRemaining()) {
                byte[] shorter = new byte[buffer.position()];
                System.arraycopy(buffer.array(), 0, shorter, 0, shorter.length);
                return shorter;
            }
            return buffer.array();
        } catch (java.nio.file.NoSuchFileException e) {
            return new byte[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void delete(UUID id) {
        try {
            Files.deleteIfExists(dir.resolve(id.toString()));
            Files.deleteIfExists(dir.resolve(id + ".partial"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String describe() {
        return dir.toAbsolutePath().toString();
    }
}
