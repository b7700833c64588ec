package org.kernelforge.runs;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * What the server writes to a session's relay: lines queued by any thread without waiting, read by the engine
 * client's stdin copier (a thread of its own), which blocks here until a line comes or the input is closed.
 */
final class RelayInput extends InputStream {

    private static final byte[] END = new byte[0];

    private final LinkedBlockingQueue<byte[]> lines = new LinkedBlockingQueue<>();
    private byte[] current = new byte[0];
    private int position;
    private volatile boolean closed;

    /** Queues one line; a line break inside it (never inside a JSON string) becomes a space. */
    void offer(String line) {
        if (closed) {
            return;
        }
        String single = line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0
                ? line.replace('\n', ' ').replace('\r', ' ') : line;
        lines.add((single + "\n").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        if (position == current.length) {
            if (current == END) {
                return -1;
            }
            try {
                current = lines.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
            position = 0;
            if (current == END) {
                return -1;
            }
        }
        int n = Math.min(length, current.length - position);
        System.arraycopy(current, position, buffer, offset, n);
        position += n;
        return n;
    }

    @Override
    public int available() {
        return current.length - position;
    }

    /** Ends the input: the relay reads end of file once everything queued before is written. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            lines.add(END);
        }
    }
}
