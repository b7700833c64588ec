package org.kernelforge.storage;

import io.minio.messages.Part;
import org.jboss.logging.Logger;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Writes bytes of unknown length to one object as they come, in parts of a fixed size: a full part is sent by
 * another thread while the next one fills, and several may be on their way at once. The object store's client
 * reads a whole part (hashing it to sign the request) before it sends a byte, so one part at a time would leave
 * the connection idle while it hashes, and the writer waiting while it sends. Memory: {@code held} parts at most,
 * each being filled or on its way, whatever the length, taken from the budget all uploads share ({@link PartBuffers}):
 * the first one waits for the budget, the others are taken only when free. Content that fits in one part is sent
 * with one plain PUT.
 */
final class PartedUpload extends OutputStream {

    private static final Logger LOG = Logger.getLogger(PartedUpload.class);

    private final ObjectStore store;
    private final String key;
    private final ExecutorService senders;
    private final int partSize;
    /** Parts whose sending is over (or that were never used), ready to be filled again. */
    private final BlockingQueue<byte[]> free;
    private int buffers;
    private final int maxBuffers;
    private final PartBuffers budget;
    private final List<Future<Part>> sent = new ArrayList<>();
    private String uploadId;
    private byte[] current;
    private int filled;

    PartedUpload(ObjectStore store, String key, ExecutorService senders, PartBuffers budget, int held) {
        this.store = store;
        this.budget = budget;
        this.key = key;
        this.senders = senders;
        this.partSize = budget.partBytes();
        this.maxBuffers = held;
        this.free = new ArrayBlockingQueue<>(maxBuffers);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (current == null) {
                current = nextBuffer();
                filled = 0;
            }
            int n = Math.min(len, partSize - filled);
            System.arraycopy(b, off, current, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == partSize) {
                sendCurrent();
            }
        }
    }

    /** All bytes are written: sends what is left and makes the object. */
    void finish() throws IOException {
        if (uploadId == null) {
            byte[] bytes = current == null ? new byte[0] : current;
            store.put(key, new ByteArrayInputStream(bytes, 0, filled), filled, "application/octet-stream");
            return;
        }
        if (filled > 0) {
            sendCurrent();
        }
        List<Part> parts = new ArrayList<>();
        for (Future<Part> part : sent) {
            parts.add(await(part));
        }
        store.finishParts(key, uploadId, parts);
    }

    /** The bytes will not be complete: waits for the parts on their way, then drops them all. */
    void abort() {
        for (Future<Part> part : sent) {
            try {
                await(part);
            } catch (IOException | RuntimeException ignored) {
                // being dropped anyway
            }
        }
        if (uploadId != null) {
            try {
                store.abortParts(key, uploadId);
            } catch (StorageException e) {
                LOG.warnf("Could not abort the upload of %s: %s", key, e.getMessage());
            }
        }
    }

    /** Gives the parts back to the budget; only once every part has been sent or dropped ({@link #finish}, {@link #abort}). */
    void release() {
        budget.release(buffers);
        buffers = 0;
        free.clear();
        current = null;
    }

    private void sendCurrent() throws IOException {
        if (uploadId == null) {
            uploadId = store.startParts(key);
        }
        failFast();
        byte[] bytes = current;
        int length = filled;
        int number = sent.size() + 1;
        sent.add(senders.submit(() -> {
            try {
                return store.sendPart(key, uploadId, number, bytes, length);
            } finally {
                free.add(bytes);
            }
        }));
        current = null;
        filled = 0;
    }

    /** A part that failed to send fails the upload at the next part, not only at the end. */
    private void failFast() throws IOException {
        for (Future<Part> part : sent) {
            if (part.isDone()) {
                await(part);
            }
        }
    }

    private byte[] nextBuffer() throws IOException {
        byte[] ready = free.poll();
        if (ready != null) {
            return ready;
        }
        byte[] more = buffers == 0 ? budget.first() : buffers < maxBuffers ? budget.more() : null;
        if (more != null) {
            buffers++;
            return more;
        }
        // every part this upload holds is on its way: the first one sent comes back
        try {
            return free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a part to be sent");
        }
    }

    private static Part await(Future<Part> part) throws IOException {
        try {
            return part.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a part to be sent");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException("sending a part failed: " + e.getCause(), e.getCause());
        }
    }
}
