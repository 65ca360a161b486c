package dev.switchboard.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The local file of JSON lines that takes runs the database cannot take now.
 *
 * <p>Runs are appended to the live file. A replay first renames the live file to a sibling with the
 * suffix {@code .replaying}, so appends during the replay go to a new live file, and deletes that
 * sibling only after all its runs are committed. A crash at any point leaves the runs in one of the
 * two files, and the next replay writes them again. That is safe because the inserts skip rows that exist.
 *
 * <p>Thread-safe: appends from several threads and the replay steps take one lock.
 */
final class SpillFile {

    static final String REPLAYING_SUFFIX = ".replaying";

    private final Path live;
    private final Path replaying;
    private final long maxBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private long bytes;

    /**
     * Opens the spill files at {@code live}, creating the parent folder.
     *
     * @throws IOException when the folder cannot be created or the files cannot be read
     */
    SpillFile(Path live, long maxBytes) throws IOException {
        this.live = live.toAbsolutePath();
        this.replaying = this.live.resolveSibling(this.live.getFileName() + REPLAYING_SUFFIX);
        this.maxBytes = maxBytes;
        Files.createDirectories(this.live.getParent());
        this.bytes = sizeOf(this.live) + sizeOf(this.replaying);
    }

    Path path() {
        return live;
    }

    Path replayingPath() {
        return replaying;
    }

    /**
     * Appends encoded lines and forces them to disk.
     *
     * @return false, writing nothing, when the files would grow past the size limit
     * @throws IOException when the write fails. The file is then cut back to its former length, so no
     *         partial line stays behind unless the cut fails too
     */
    boolean append(byte[] lines) throws IOException {
        lock.lock();
        try {
            if (bytes + lines.length > maxBytes) {
                return false;
            }
            boolean created = !Files.exists(live);
            try (FileChannel channel = FileChannel.open(live, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                long before = channel.size();
                try {
                    ByteBuffer buffer = ByteBuffer.wrap(lines);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    channel.force(false);
                } catch (IOException e) {
                    truncateQuietly(channel, before, e);
                    throw e;
                }
            }
            if (created) {
                forceDirectory();
            }
            bytes += lines.length;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Returns whether either file contains runs that are not yet replayed. */
    boolean hasPending() {
        lock.lock();
        try {
            return bytes > 0;
        } finally {
            lock.unlock();
        }
    }

    /** Returns the size of both files together, in bytes. */
    long sizeBytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns the file to replay: a replaying file left by an earlier replay or process, or else the
     * live file renamed to the replaying name. Returns null when there is nothing to replay.
     */
    Path beginReplay() throws IOException {
        lock.lock();
        try {
            if (Files.exists(replaying)) {
                return replaying;
            }
            if (sizeOf(live) == 0) {
                Files.deleteIfExists(live);
                bytes = 0;
                return null;
            }
            Files.move(live, replaying, StandardCopyOption.ATOMIC_MOVE);
            forceDirectory();
            return replaying;
        } finally {
            lock.unlock();
        }
    }

    /** Deletes the replaying file once every run in it is committed. */
    void finishReplay() throws IOException {
        lock.lock();
        try {
            long size = sizeOf(replaying);
            Files.deleteIfExists(replaying);
            forceDirectory();
            bytes = Math.max(0, bytes - size);
        } finally {
            lock.unlock();
        }
    }

    private void forceDirectory() throws IOException {
        // Makes a created, renamed or deleted file survive a crash (Linux and macOS allow fsync on a folder).
        try (FileChannel directory = FileChannel.open(live.getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // NOTE: Windows cannot open a folder as a channel; there the rename is durable only once the OS flushes.
            if (!System.getProperty("os.name", "").startsWith("Windows")) {
                throw e instanceof IOException io ? io : new IOException(e);
            }
        }
    }

    private static void truncateQuietly(FileChannel channel, long size, IOException failure) {
        try {
            channel.truncate(size);
        } catch (IOException truncateFailure) {
            failure.addSuppressed(truncateFailure);
        }
    }

    private static long sizeOf(Path path) throws IOException {
        return Files.exists(path) ? Files.size(path) : 0;
    }
}
