package org.kernelforge.runs;

import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Supplier;

/**
 * Turns the engine's timestamped log stream into {@link LogLine}s, capping the delivered bytes and
 * then saying once that the log was truncated.
 *
 * <p>Per stream, the engine sends entries "TIMESTAMP SP content", where content ends with a line
 * break, or is a partial entry of exactly 16 KiB (a longer line continues in the next entry), or is
 * the last bytes before the stream ends. docker-java hands these over in chunks of at most 1 KiB
 * that do not follow entry boundaries, so the entries are re-assembled here byte by byte.
 */
final class LogAssembler {

    static final int PARTIAL_ENTRY_BYTES = 16 * 1024;
    static final int MAX_LINE_BYTES = 64 * 1024;
    private static final int MAX_HEADER_BYTES = 40;

    private final Supplier<Instant> originSource;
    private Instant origin;
    private final long maxBytes;
    private final double skipUpToSeconds;
    private final RunListener listener;
    private final Entries stdout = new Entries(LogLine.STDOUT);
    private final Entries stderr = new Entries(LogLine.STDERR);
    private Instant lastSeen;
    private long deliveredBytes;
    private boolean truncated;

    LogAssembler(Instant origin, long maxBytes, double skipUpToSeconds, RunListener listener) {
        this(() -> origin, maxBytes, skipUpToSeconds, listener);
    }

    /** {@code origin} (the container's start, which time offsets count from) is asked for at the first entry. */
    LogAssembler(Supplier<Instant> origin, long maxBytes, double skipUpToSeconds, RunListener listener) {
        this.originSource = origin;
        this.maxBytes = maxBytes;
        this.skipUpToSeconds = skipUpToSeconds;
        this.listener = listener;
    }

    synchronized void accept(Frame frame) {
        Entries entries = frame.getStreamType() == StreamType.STDERR ? stderr : stdout;
        for (byte b : frame.getPayload()) {
            if (entries.inHeader) {
                header(entries, b);
            } else {
                content(entries, b);
            }
        }
    }

    private Instant origin() {
        if (origin == null) {
            origin = originSource.get();
        }
        return origin;
    }

    /**
     * Before the stream is re-opened: each stream's entries up to the last one seen of that stream will be skipped.
     * The engine interleaves the two streams out of time order, so one point for both would skip too little. Returns
     * where the re-opened stream starts: the older of the two (null: from the beginning).
     */
    synchronized Instant resumePoint() {
        for (Entries entries : new Entries[]{stdout, stderr}) {
            entries.resumeAfter = entries.lastSeen;
            entries.startEntry();
        }
        if (stdout.lastSeen == null || stderr.lastSeen == null) {
            return stdout.lastSeen == null ? stderr.lastSeen : stdout.lastSeen;
        }
        return stdout.lastSeen.isBefore(stderr.lastSeen) ? stdout.lastSeen : stderr.lastSeen;
    }

    /** At the end: lines that never got their line break. */
    synchronized void flush() {
        for (Entries entries : new Entries[]{stdout, stderr}) {
            notAHeader(entries);
            emit(entries);
        }
    }

    private void header(Entries entries, byte b) {
        if (b == ' ') {
            Instant timestamp = parse(entries.header.toString(StandardCharsets.US_ASCII));
            if (timestamp != null) {
                entries.header.reset();
                entries.inHeader = false;
                entries.skip = entries.resumeAfter != null && !timestamp.isAfter(entries.resumeAfter);
                lastSeen = timestamp;
                if (!entries.skip) {
                    entries.lastSeen = timestamp;
                }
                if (entries.lineStart == null && !entries.skip) {
                    entries.lineStart = timestamp;
                }
                return;
            }
        }
        if (entries.header.size() >= MAX_HEADER_BYTES || b == ' ' || b == '\n'
                || (entries.header.size() == 0 && !Character.isDigit(b))) {
            notAHeader(entries);
            content(entries, b);
            return;
        }
        entries.header.write(b);
    }

    /** What looked like the start of a timestamp was text after all. */
    private void notAHeader(Entries entries) {
        if (entries.inHeader && entries.header.size() > 0) {
            byte[] text = entries.header.toByteArray();
            entries.header.reset();
            entries.inHeader = false;
            for (byte t : text) {
                content(entries, t);
            }
        }
    }

    private void content(Entries entries, byte b) {
        entries.inHeader = false;
        if (entries.skip) {
            // an entry delivered before the stream was re-opened; a line still open at that point stays open
            if (b == '\n') {
                entries.startEntry();
            } else if (++entries.entryBytes == PARTIAL_ENTRY_BYTES) {
                entries.startEntry();
            }
            return;
        }
        if (entries.lineStart == null) {
            entries.lineStart = lastSeen != null ? lastSeen : origin();
        }
        if (b == '\n') {
            emit(entries);
            entries.resetLine();
            entries.startEntry();
            return;
        }
        entries.line.write(b);
        if (++entries.entryBytes == PARTIAL_ENTRY_BYTES) {
            entries.startEntry(); // the line goes on in the next entry, after its timestamp
        }
        if (entries.line.size() >= MAX_LINE_BYTES) {
            emit(entries);
        }
    }

    private void emit(Entries entries) {
        if (entries.lineStart == null || (entries.line.size() == 0 && entries.inHeader)) {
            return;
        }
        String text = entries.line.toString(StandardCharsets.UTF_8);
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        double offset = Math.max(0, Duration.between(origin(), entries.lineStart).toNanos() / 1e9);
        long size = entries.line.size() + 1L;
        entries.resetLine();
        if (truncated || (skipUpToSeconds > 0 && offset <= skipUpToSeconds)) {
            return;
        }
        if (deliveredBytes + size > maxBytes) {
            truncated = true;
            listener.line(new LogLine(LogLine.STDERR, offset, "[kernelforge] The log exceeded "
                    + FailureMessages.bytes(maxBytes) + " and was truncated here; the run went on without logging."));
            return;
        }
        deliveredBytes += size;
        listener.line(new LogLine(entries.stream, offset, text));
    }

    private static Instant parse(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The re-assembly state of one stream. */
    private static final class Entries {
        final String stream;
        final ByteArrayOutputStream header = new ByteArrayOutputStream(MAX_HEADER_BYTES);
        final ByteArrayOutputStream line = new ByteArrayOutputStream();
        boolean inHeader = true;
        boolean skip;
        /** The newest entry of this stream taken, and the point up to which a re-read skips this stream's entries. */
        Instant lastSeen;
        Instant resumeAfter;
        int entryBytes;
        Instant lineStart;

        Entries(String stream) {
            this.stream = stream;
        }

        void startEntry() {
            inHeader = true;
            entryBytes = 0;
            header.reset();
        }

        void resetLine() {
            line.reset();
            lineStart = null;
        }
    }
}
