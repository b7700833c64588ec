package org.kernelforge.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Hands bytes from one thread ({@link #sink()}) to another ({@link #source()}) through a fixed set of reused
 * chunks, so memory stays the same whatever passes. The writer waits while every chunk is full, the reader while
 * every chunk is empty. Either side can give up: the writer with {@link Sink#fail}, which the reader sees as an
 * IOException, the reader by closing, which makes the writer's next write fail.
 */
final class ChunkPipe {

    private static final class Chunk {
        final byte[] bytes;
        int length;

        Chunk(int size) {
            bytes = new byte[size];
        }
    }

    /** Markers: the writer finished, the writer failed, the reader is gone. */
    private static final Chunk END = new Chunk(0);
    private static final Chunk FAILED = new Chunk(0);
    private static final Chunk GONE = new Chunk(0);

    // one more place than there are chunks, so a marker always fits
    private final BlockingQueue<Chunk> filled;
    private final BlockingQueue<Chunk> empty;
    private final Sink sink = new Sink();
    private final Source source = new Source();
    private volatile Throwable writerFailure;

    ChunkPipe(int chunkSize, int chunks) {
        filled = new ArrayBlockingQueue<>(chunks + 1);
        empty = new ArrayBlockingQueue<>(chunks + 1);
        for (int i = 0; i < chunks; i++) {
            empty.add(new Chunk(chunkSize));
        }
    }

    Sink sink() {
        return sink;
    }

    InputStream source() {
        return source;
    }

    final class Sink extends OutputStream {
        private Chunk current;
        private boolean done;

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (current == null) {
                    current = take(empty);
                    if (current == GONE) {
                        current = null;
                        empty.add(GONE);
                        throw new ReaderGone();
                    }
                    current.length = 0;
                }
                int n = Math.min(len, current.bytes.length - current.length);
                System.arraycopy(b, off, current.bytes, current.length, n);
                current.length += n;
                off += n;
                len -= n;
                if (current.length == current.bytes.length) {
                    filled.add(current);
                    current = null;
                }
            }
        }

        /** All bytes are written: the reader reads the rest, then the end. */
        @Override
        public void close() {
            if (done) {
                return;
            }
            done = true;
            if (current != null && current.length > 0) {
                filled.add(current);
                current = null;
            }
            filled.add(END);
        }

        /** The bytes will not be complete: the reader fails with the cause instead of seeing an end. */
        void fail(Throwable cause) {
            if (done) {
                return;
            }
            done = true;
            writerFailure = cause;
            filled.add(FAILED);
        }
    }

    private final class Source extends InputStream {
        private Chunk current;
        private int position;
        private boolean ended;
        private boolean closed;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (current == null || position == current.length) {
                if (current != null) {
                    empty.add(current);
                    current = null;
                }
                if (ended || closed) {
                    return -1;
                }
                Chunk next = take(filled);
                if (next == END) {
                    ended = true;
                    return -1;
                }
                if (next == FAILED) {
                    ended = true;
                    throw new IOException("the bytes stopped before their end: " + writerFailure, writerFailure);
                }
                current = next;
                position = 0;
            }
            int n = Math.min(len, current.length - position);
            System.arraycopy(current.bytes, position, b, off, n);
            position += n;
            return n;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                empty.add(GONE);
            }
        }
    }

    /** The reading side closed before the end: what it failed with is the cause worth reporting. */
    static final class ReaderGone extends IOException {
        ReaderGone() {
            super("the reading side of the pipe stopped");
        }
    }

    private static Chunk take(BlockingQueue<Chunk> queue) throws InterruptedIOException {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting on the pipe");
        }
    }
}
