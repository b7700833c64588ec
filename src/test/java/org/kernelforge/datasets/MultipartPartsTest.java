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
 * The one multipart path of every upload (Commons FileUpload's streaming parser behind {@link MultipartParts}):
 * every boundary found however the bytes arrive, no false one, and clear 400s for broken bodies and names.
 */
class MultipartPartsTest {

    private static final String BOUNDARY = "xYz-123";
    private static final String TYPE = "multipart/form-data; boundary=" + BOUNDARY;

    @Test
    void partsComeBackByteForByteWhateverPiecesTheBodyArrivesIn() throws IOException {
        byte[] file = new byte[700_000];
        new Random(3).nextBytes(file);
        // almost-boundaries inside the content must stay content, a boundary-like line too (no CR before it)
        byte[] tricky = ("a\r\n--xYz-12\r\n--xYz-12X\n--xYz-123\r\n-\n--xYz-123--\r\n" + "\r\n--xYz-")
                .getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(tricky, 0, file, 1000, tricky.length);
        System.arraycopy(tricky, 0, file, file.length - tricky.length, tricky.length);
        byte[] body = body(file);
        for (int piece : new int[]{1, 7, 4095, 4096, 4097, 1 << 20}) {
            MultipartParts parts = MultipartParts.read(TYPE, new Trickle(body, piece));
            MultipartParts.Part metadata = parts.next().orElseThrow();
            assertEquals("metadata", metadata.name());
            assertNull(metadata.filename());
            assertEquals("application/json", metadata.contentType());
            assertEquals("{\"title\":\"x\"}", new String(metadata.body().readAllBytes(), StandardCharsets.UTF_8));
            MultipartParts.Part data = parts.next().orElseThrow();
            assertEquals("file", data.name());
            assertEquals("données.bin", data.filename());
            assertArrayEquals(file, read(data.body()), "piece size " + piece);
            MultipartParts.Part empty = parts.next().orElseThrow();
            assertEquals("empty.csv", empty.filename());
            assertEquals(0, empty.body().readAllBytes().length);
            assertTrue(parts.next().isEmpty());
        }
    }

    @Test
    void aPartNotReadIsSkipped() throws IOException {
        MultipartParts parts = MultipartParts.read(TYPE, new ByteArrayInputStream(body(new byte[100_000])));
        parts.next().orElseThrow();
        parts.next().orElseThrow();
        assertEquals("empty.csv", parts.next().orElseThrow().filename());
    }

    @Test
    void aBodyWithoutItsClosingBoundaryIsRefused() {
        byte[] body = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n"
                + "a,b\n1,2\n").getBytes(StandardCharsets.UTF_8);
        ProblemException e = assertThrows(ProblemException.class, () -> {
            MultipartParts parts = MultipartParts.read(TYPE, new ByteArrayInputStream(body));
            parts.next().orElseThrow().body().readAllBytes();
        });
        assertEquals(400, e.status());
        assertEquals("file", e.field());
        assertTrue(e.getMessage().contains("ends before its closing boundary"), e.getMessage());
    }

    @Test
    void aBodyCutAfterADelimiterIsRefused() throws IOException {
        String head = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n"
                + "a,b\r\n--" + BOUNDARY;
        for (String cut : new String[]{head, head + "\r\n", head + "\r\nContent-Disposition: form-da"}) {
            MultipartParts parts = MultipartParts.read(TYPE, new ByteArrayInputStream(cut.getBytes(StandardCharsets.UTF_8)));
            assertEquals("a,b", new String(parts.next().orElseThrow().body().readAllBytes(), StandardCharsets.UTF_8));
            ProblemException e = assertThrows(ProblemException.class, parts::next, cut);
            assertEquals("file", e.field());
            assertTrue(e.getMessage().contains("not a well-formed multipart/form-data body"), e.getMessage());
        }
    }

    @Test
    void aControlCharacterInAFilenameIsRefusedNamingThePart() {
        for (String name : new String[]{"a\nb.csv", "a\u0000b.csv", "a\rb.csv", "a\tb.csv", "a\u007fb.csv"}) {
            byte[] body = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                    + "\"\r\n\r\na,b\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8);
            MultipartParts parts = MultipartParts.read(TYPE, new ByteArrayInputStream(body));
            ProblemException e = assertThrows(ProblemException.class, parts::next, name);
            assertEquals(400, e.status());
            assertEquals("file", e.field());
            assertTrue(e.getMessage().contains("control character (code " + (int) name.charAt(1) + ")"), e.getMessage());
        }
    }

    @Test
    void metadataSentBeforeTheFilesIsCheckedBeforeAnyFileIsReceived() {
        List<String> received = new ArrayList<>();
        MultipartParts parts = MultipartParts.read(TYPE, new ByteArrayInputStream(body(new byte[10])));
        ProblemException e = assertThrows(ProblemException.class, () -> UploadForm.read(parts, Set.of("metadata"),
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

    @Test
    void onlyMultipartFormDataWithABoundaryIsRead() {
        assertEquals("file", assertThrows(ProblemException.class,
                () -> MultipartParts.read("application/json", InputStream.nullInputStream())).field());
        assertThrows(ProblemException.class, () -> MultipartParts.read("multipart/form-data", InputStream.nullInputStream()));
        byte[] body = ("--a b\r\nContent-Disposition: form-data; name=\"notes\"\r\n\r\nhi\r\n--a b--\r\n")
                .getBytes(StandardCharsets.UTF_8);
        MultipartParts quoted = MultipartParts.read("multipart/form-data; charset=utf-8; boundary=\"a b\"",
                new ByteArrayInputStream(body));
        assertDoesNotThrowAndReads("hi", quoted);
    }

    private static void assertDoesNotThrowAndReads(String text, MultipartParts parts) {
        try {
            assertEquals(text, new String(parts.next().orElseThrow().body().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] body(byte[] file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("preamble\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\n"
                + "Content-Type: application/json\r\n\r\n{\"title\":\"x\"}\r\n--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"données.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(file);
        out.writeBytes(("\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"empty.csv\"\r\n\r\n"
                + "\r\n--" + BOUNDARY + "--\r\nepilogue").getBytes(StandardCharsets.UTF_8));
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

    /** A stream that hands out at most {@code piece} bytes a read, as a slow network does. */
    private static final class Trickle extends InputStream {
        private final byte[] bytes;
        private final int piece;
        private int position;

        Trickle(byte[] bytes, int piece) {
            this.bytes = bytes;
            this.piece = piece;
        }

        @Override
        public int read() {
            return position < bytes.length ? bytes[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, piece), bytes.length - position);
            System.arraycopy(bytes, position, b, off, n);
            position += n;
            return n;
        }
    }
}
