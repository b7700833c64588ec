package org.kernelforge.runs;

import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The engine's entry format, cut into docker-java's 1 KiB chunks at arbitrary places. */
class LogAssemblerTest {

    private static final Instant ORIGIN = Instant.parse("2026-01-01T00:00:00Z");

    private final List<LogLine> lines = new ArrayList<>();
    private final RunListener recorder = new RunListener() {
        @Override
        public void line(LogLine line) {
            lines.add(line);
        }
    };

    @Test
    void entriesSplitAcrossChunksAndLongLinesSplitAcrossPartialEntriesAreReassembled() {
        LogAssembler assembler = new LogAssembler(ORIGIN, 1 << 20, 0, recorder);
        String longLine = "a".repeat(40000);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        entry(stdout, "2026-01-01T00:00:01.500000000Z", "first\n");
        entry(stdout, "2026-01-01T00:00:02.000000000Z", longLine.substring(0, 16384));
        entry(stdout, "2026-01-01T00:00:02.000000000Z", longLine.substring(16384, 32768));
        entry(stdout, "2026-01-01T00:00:02.000000000Z", longLine.substring(32768) + "\n");
        entry(stdout, "2026-01-01T00:00:03.000000000Z", "\n");
        entry(stdout, "2026-01-01T00:00:03.250000000Z", "2026 is also text\n");
        entry(stdout, "2026-01-01T00:00:04.000000000Z", "no line break at the end");

        chunked(assembler, StreamType.STDOUT, stdout.toByteArray(), 1024, 7);
        assembler.accept(new Frame(StreamType.STDERR, "2026-01-01T00:00:05.000000000Z oops\n".getBytes(StandardCharsets.UTF_8)));
        assembler.flush();

        assertEquals(List.of(
                new LogLine("stdout", 1.5, "first"),
                new LogLine("stdout", 2.0, longLine),
                new LogLine("stdout", 3.0, ""),
                new LogLine("stdout", 3.25, "2026 is also text"),
                new LogLine("stderr", 5.0, "oops"),
                new LogLine("stdout", 4.0, "no line break at the end")), lines);
    }

    @Test
    void aReopenedStreamDoesNotRepeatLinesAndTheCapTruncatesOnce() {
        LogAssembler assembler = new LogAssembler(ORIGIN, 20, 0, recorder);
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        entry(first, "2026-01-01T00:00:01.000000000Z", "one\n");
        entry(first, "2026-01-01T00:00:01.100000000Z", "two\n");
        chunked(assembler, StreamType.STDOUT, first.toByteArray(), 1024, 1024);
        assertEquals(1, assembler.resumePoint().getEpochSecond() - ORIGIN.getEpochSecond());
        ByteArrayOutputStream again = new ByteArrayOutputStream(); // since=that second: both again, then more
        entry(again, "2026-01-01T00:00:01.000000000Z", "one\n");
        entry(again, "2026-01-01T00:00:01.100000000Z", "two\n");
        entry(again, "2026-01-01T00:00:02.000000000Z", "three\n");
        entry(again, "2026-01-01T00:00:03.000000000Z", "four is long\n");
        entry(again, "2026-01-01T00:00:04.000000000Z", "five\n");
        chunked(assembler, StreamType.STDOUT, again.toByteArray(), 1024, 1024);
        assembler.flush();

        assertEquals(List.of("one", "two", "three",
                        "[kernelforge] The log exceeded 20 bytes and was truncated here; the run went on without logging."),
                lines.stream().map(LogLine::text).toList());
    }

    @Test
    void aLineStillOpenWhenTheStreamIsReadAgainIsCompletedNotDropped() {
        LogAssembler assembler = new LogAssembler(ORIGIN, 1 << 20, 0, recorder);
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        entry(first, "2026-01-01T00:00:01.000000000Z", "one\n");
        entry(first, "2026-01-01T00:00:01.500000000Z", "x".repeat(LogAssembler.PARTIAL_ENTRY_BYTES));
        chunked(assembler, StreamType.STDOUT, first.toByteArray(), 1024, 100);
        assembler.resumePoint();
        ByteArrayOutputStream again = new ByteArrayOutputStream(); // since=that second: both again, then the rest
        again.writeBytes(first.toByteArray());
        entry(again, "2026-01-01T00:00:02.000000000Z", "y\n");
        entry(again, "2026-01-01T00:00:03.000000000Z", "no line break at the end");
        chunked(assembler, StreamType.STDOUT, again.toByteArray(), 1024, 100);
        assembler.flush();

        assertEquals(List.of(new LogLine("stdout", 1.0, "one"),
                new LogLine("stdout", 1.5, "x".repeat(LogAssembler.PARTIAL_ENTRY_BYTES) + "y"),
                new LogLine("stdout", 3.0, "no line break at the end")), lines);
    }

    private static void entry(ByteArrayOutputStream out, String timestamp, String content) {
        out.writeBytes((timestamp + " " + content).getBytes(StandardCharsets.UTF_8));
    }

    /** Like docker-java: chunks of at most {@code max} bytes, with a short read every so often. */
    private static void chunked(LogAssembler assembler, StreamType type, byte[] bytes, int max, int shortRead) {
        int i = 0;
        int n = 0;
        while (i < bytes.length) {
            int size = Math.min(bytes.length - i, ++n % 3 == 0 ? shortRead : max);
            assembler.accept(new Frame(type, Arrays.copyOfRange(bytes, i, i + size)));
            i += size;
        }
    }
}
