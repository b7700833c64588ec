package org.kernelforge.storage;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.kernelforge.platform.ProblemException;

import java.io.InterruptedIOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The memory all streamed uploads together may hold in part buffers ({@link PartedUpload}): a budget of whole
 * parts shared by every upload, so that fifty uploads at once do not hold fifty times three parts. An upload waits
 * for its first part (a while, then the client is told to come back: 503 with Retry-After); the parts it may add to
 * send while it reads are taken only when free, so an upload that has one always moves on with it.
 */
@ApplicationScoped
public class PartBuffers {

    /** Seconds a client whose upload found no buffer memory is asked to wait before it sends again. */
    static final int RETRY_AFTER_SECONDS = 5;

    private final int partBytes;
    private final int parts;
    private final long waitMillis;
    private final Semaphore free;
    /** What an upload that found no part within {@code waitMillis} is failed with. */
    private final Supplier<RuntimeException> starved;
    private final AtomicInteger inUse = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();

    @Inject
    PartBuffers(StorageConfig config, MeterRegistry metrics) {
        this(BlobStore.STREAM_PART_BYTES,
                (int) Math.max(1, config.uploadBufferBytes().asLongValue() / BlobStore.STREAM_PART_BYTES),
                config.uploadBufferWait().toMillis(),
                () -> ProblemException.unavailable("The server is receiving as many uploads as its memory allows; "
                        + "send this one again in a moment", RETRY_AFTER_SECONDS));
        measure(metrics, "kernelforge.upload.buffers.used",
                "Memory held by the part buffers of uploads on their way to the object store");
    }

    /**
     * A budget of its own, e.g. for the packs of captures; {@link #measure} shows it beside the uploads' one. An upload
     * waits {@code waitMillis} at most for its first part, then fails with what {@code starved} makes.
     */
    PartBuffers(int partBytes, int parts, long waitMillis, Supplier<RuntimeException> starved) {
        this.partBytes = partBytes;
        this.parts = parts;
        this.waitMillis = waitMillis;
        this.starved = starved;
        this.free = new Semaphore(parts, true);
    }

    /** Publishes the bytes this budget holds right now as a gauge. */
    void measure(MeterRegistry metrics, String name, String description) {
        Gauge.builder(name, inUse, n -> (double) n.get() * partBytes).baseUnit("bytes").description(description)
                .register(metrics);
    }

    int partBytes() {
        return partBytes;
    }

    /** The first part of an upload: waits for one, at most the configured time. */
    byte[] first() throws InterruptedIOException {
        try {
            if (!free.tryAcquire(waitMillis, TimeUnit.MILLISECONDS)) {
                throw starved.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for upload memory");
        }
        return taken();
    }

    /** Another part for an upload that holds one already, or null when the budget has none free now. */
    byte[] more() {
        return free.tryAcquire() ? taken() : null;
    }

    /** Gives back {@code count} parts an upload held (their arrays are dropped with the upload). */
    void release(int count) {
        if (count > 0) {
            inUse.addAndGet(-count);
            free.release(count);
        }
    }

    /** The array of a part just taken; the part is given back when the array cannot be made (out of memory). */
    private byte[] taken() {
        byte[] part;
        try {
            part = new byte[partBytes];
        } catch (OutOfMemoryError e) {
            free.release();
            throw e;
        }
        peak.accumulateAndGet(inUse.incrementAndGet(), Math::max);
        return part;
    }

    /** How many parts the budget allows at once. */
    public int parts() {
        return parts;
    }

    /** How many parts are held now. */
    public int inUse() {
        return inUse.get();
    }

    /** The most parts held at once since the server started. */
    public int peak() {
        return peak.get();
    }
}
