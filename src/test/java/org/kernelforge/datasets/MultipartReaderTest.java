package org.kernelforge.datasets;

import org.junit.jupiter.api.Test;
import org.kernelforge.platform.ProblemException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The streaming multipart reader finds every boundary, however the bytes arrive, and no false one. */
class MultipartReaderTest {

    private static final String BOUNDARY = "xYz-123";

    @Test
    void partsComeBackByteForByteWhateverPiecesTheBodyArrivesIn() throws IOException {
        byte[] file = new byte[700_000];
        new Random(3).nextBytes(file);
        // almost-boundaries inside the content must stay content
        byte[] tricky = ("a\r\n--xYz-12\r\n--xYz-12X\r\n-" + "\r\n--xYz-").getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(tricky, 0, file, 1000, tricky.length);
        System.arraycopy(tricky, 0, file, file.length - tricky.length, tricky.length);
        byte[] body = body(file);
        for (int piece : new int[]{1, 7, 4096, 1 << 20}) {
            MultipartReader reader = new MultipartReader(new Trickle(body, piece), BOUNDARY);
            MultipartReader.Part metadata = reader.next().orElseThrow();
            assertEquals("metadata", metadata.name());
            assertNull(metadata.filename());
            assertEquals("application/json", metadata.contentType());
            assertEquals("{\"title\":\"x\"}", new String(reader.body().readAllBytes(), StandardCharsets.UTF_8));
            MultipartReader.Part data = reader.next().orElseThrow();
            assertEquals("file", data.name());
            assertEquals("d \"q\".bin", data.filename());
            assertArrayEquals(file, read(reader.body()), "piece size " + piece);
            MultipartReader.Part empty = reader.next().orElseThrow();
            assertEquals("empty.csv", empty.filename());
            assertEquals(0, reader.body().readAllBytes().length);
            assertTrue(reader.next().isEmpty());
        }
    }

    @Test
    void aBodyWithoutItsClosingBoundaryIsRefused() {
        byte[] body = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n"
                + "a,b\n1,2\n").getBytes(StandardCharsets.UTF_8);
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body), BOUNDARY);
        assertThrows(ProblemException.class, () -> {
            reader.next();
            reader.body().readAllBytes();
        });
    }

    @Test
    void theBoundaryIsTakenFromTheContentType() {
        assertEquals("abc", MultipartReader.boundary("multipart/form-data; boundary=abc").orElseThrow());
        assertEquals("a b", MultipartReader.boundary("multipart/form-data; charset=utf-8; boundary=\"a b\"").orElseThrow());
        assertTrue(MultipartReader.boundary("application/json").isEmpty());
    }

    private static byte[] body(byte[] file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(("preamble\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\n"
                + "Content-Type: application/json\r\n\r\n{\"title\":\"x\"}\r\n--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"d \\\"q\\\".bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(file);
        out.write(("\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"empty.csv\"\r\n\r\n"
                + "\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static byte[] read(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[5000];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** Hands out at most {@code piece} bytes per read, as a network might. */
    private static final class Trickle extends InputStream {
        private final ByteArrayInputStream in;
        private final int piece;

        Trickle(byte[] bytes, int piece) {
            this.in = new ByteArrayInputStream(bytes);
            this.piece = piece;
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return in.read(b, off, Math.min(len, piece));
        }
    }
}
