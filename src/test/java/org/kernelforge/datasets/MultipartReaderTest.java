package org.kernelforge.datasets;

import org.junit.jupiter.api.Test;
import org.kernelforge.platform.ProblemException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The streaming multipart reader of every upload finds every boundary, however the bytes arrive, and no false one;
 * broken bodies and control characters in filenames are 400s.
 */
class MultipartReaderTest {

    private static final String BOUNDARY = "xYz-123";

    @Test
    void partsComeBackByteForByteWhateverPiecesTheBodyArrivesIn() throws IOException {
        byte[] file = new byte[700_000];
        new Random(3).nextBytes(file);
        // almost-boundaries and a boundary-like line (no CR before it) must stay content too
        byte[] tricky = ("a\r\n--xYz-12\r\n--xYz-12X\n--xYz-123\r\n-\n--xYz-123--\r\n" + "\r\n--xYz-")
                .getBytes(StandardCharsets.ISO_8859_1);
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

    @Test
    void aBodyCutAfterADelimiterIsRefused() throws IOException {
        String head = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n"
                + "a,b\r\n--" + BOUNDARY;
        for (String cut : new String[]{head, head + "\r\n", head + "\r\nContent-Disposition: form-da"}) {
            MultipartReader reader = new MultipartReader(new ByteArrayInputStream(cut.getBytes(StandardCharsets.UTF_8)), BOUNDARY);
            reader.next().orElseThrow();
            assertEquals("a,b", new String(reader.body().readAllBytes(), StandardCharsets.UTF_8));
            ProblemException e = assertThrows(ProblemException.class, reader::next, cut);
            assertEquals("file", e.field());
            assertTrue(e.getMessage().contains("not a well-formed multipart/form-data body"), e.getMessage());
        }
    }

    @Test
    void aControlCharacterInAFilenameIsRefusedNamingThePart() {
        for (String name : new String[]{"a\nb.csv", "a\u0000b.csv", "a\rb.csv", "a\tb.csv", "a\u007fb.csv"}) {
            MultipartReader reader = new MultipartReader(new ByteArrayInputStream(filePart(name)), BOUNDARY);
            ProblemException e = assertThrows(ProblemException.class, reader::next, name);
            assertEquals(400, e.status());
            assertEquals("file", e.field());
            assertTrue(e.getMessage().contains("control character (code " + (int) name.charAt(1) + ")"), e.getMessage());
        }
    }

    @Test
    void aLineBreakThatCutsAFilenameIsRefused() {
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(filePart("a\r\nb.csv")), BOUNDARY);
        ProblemException e = assertThrows(ProblemException.class, reader::next);
        assertEquals("file", e.field());
        assertTrue(e.getMessage().contains("no closing quote"), e.getMessage());
    }

    @Test
    void metadataSentBeforeTheFilesIsCheckedBeforeAnyFileIsReceived() throws IOException {
        List<String> received = new ArrayList<>();
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body(new byte[10])), BOUNDARY);
        ProblemException e = assertThrows(ProblemException.class, () -> UploadForm.read(reader, Set.of("metadata"),
                early -> {
                    assertEquals("{\"title\":\"x\"}", early.single("metadata").orElseThrow());
                    throw ProblemException.badRequest("title", "refused");
                }, (name, bytes) -> {
                    received.add(name);
                    return new IncomingFile(name, null);
                }));
        assertEquals("title", e.field());
        assertEquals(List.of(), received);
    }

    private static byte[] filePart(String filename) {
        return ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\n\r\na,b\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8);
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
