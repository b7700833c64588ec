package org.kernelforge.datasets;

import org.kernelforge.platform.ProblemException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a multipart/form-data body (RFC 7578) part by part as it arrives: each part's headers, then its bytes
 * as a stream that ends at the next boundary. Nothing is held but one buffer, so a file part can go on to its
 * destination while the client is still sending it.
 */
final class MultipartReader {

    /** The headers of a part: its form name, its filename (null for a text field) and its content type. */
    record Part(String name, String filename, String contentType) {
    }

    private static final int BUFFER = 256 * 1024;
    private static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final Pattern BOUNDARY = Pattern.compile("(?i);\\s*boundary=(\"([^\"]+)\"|[^;\\s]+)");

    private final InputStream in;
    /** CRLF, two dashes and the boundary: what ends every part's bytes. */
    private final byte[] delimiter;
    /** How far the search may move on, by the byte under the delimiter's last one. */
    private final int[] skip = new int[256];
    private final byte[] buffer = new byte[BUFFER];
    private int position;
    private int limit;
    private boolean started;
    private boolean finished;
    private PartBody current;

    MultipartReader(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        java.util.Arrays.fill(skip, delimiter.length);
        for (int i = 0; i < delimiter.length - 1; i++) {
            skip[delimiter[i] & 0xff] = delimiter.length - 1 - i;
        }
    }

    /** The boundary named by a multipart Content-Type header. */
    static Optional<String> boundary(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return Optional.empty();
        }
        Matcher m = BOUNDARY.matcher(contentType);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(m.group(2) != null ? m.group(2) : m.group(1));
    }

    /** The next part's headers, or empty after the last; the bytes of the part before are skipped. */
    Optional<Part> next() throws IOException {
        if (finished) {
            return Optional.empty();
        }
        if (!started) {
            started = true;
            // the first boundary has no line end before it: one is put in front, so every boundary looks alike,
            // and a preamble is skipped as if it were a part
            buffer[0] = '\r';
            buffer[1] = '\n';
            limit = 2;
            new PartBody().skipAll();
        } else if (current != null) {
            current.skipAll();
        }
        // after a delimiter: "--" ends the body, CRLF starts a part's headers
        fill(2);
        if (limit - position < 2) {
            throw malformed("the body ends without its closing boundary");
        }
        if (buffer[position] == '-' && buffer[position + 1] == '-') {
            finished = true;
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return Optional.empty();
        }
        skipLineEnd();
        Part part = headers();
        current = new PartBody();
        return Optional.of(part);
    }

    /** The bytes of the part {@link #next()} answered last. */
    InputStream body() {
        return current;
    }

    /** Reads what is left of the request, so an error answer reaches a client that is still sending. */
    void drain() {
        try {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // the client is gone; nobody reads the answer
        }
    }

    private void skipLineEnd() throws IOException {
        while (true) {
            fill(1);
            if (position >= limit) {
                throw malformed("the body ends inside a boundary line");
            }
            byte b = buffer[position++];
            if (b == '\n') {
                return;
            }
        }
    }

    private Part headers() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        int read = 0;
        while (true) {
            StringBuilder line = new StringBuilder();
            while (true) {
                fill(1);
                if (position >= limit) {
                    throw malformed("the body ends inside a part's headers");
                }
                byte b = buffer[position++];
                if (++read > MAX_HEADER_BYTES) {
                    throw malformed("a part's headers are longer than " + MAX_HEADER_BYTES + " bytes");
                }
                // a header line ends at CRLF: a bare line feed is part of the line (and refused in a filename)
                if (b == '\n' && !line.isEmpty() && line.charAt(line.length() - 1) == '\r') {
                    line.setLength(line.length() - 1);
                    break;
                }
                line.append((char) (b & 0xff));
            }
            String text = new String(line.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) {
                break;
            }
            int colon = text.indexOf(':');
            if (colon > 0) {
                headers.put(text.substring(0, colon).strip().toLowerCase(Locale.ROOT), text.substring(colon + 1).strip());
            }
        }
        Map<String, String> disposition = parameters(headers.getOrDefault("content-disposition", ""));
        String name = disposition.get("name");
        if (name == null) {
            throw malformed("a part has no name in its Content-Disposition header");
        }
        String filename = disposition.get("filename");
        if (filename != null) {
            checkFilename(name, filename);
        }
        return new Part(name, filename, headers.get("content-type"));
    }

    /** A name a file system would refuse or a header would cut: any control character, a line feed as much as NUL. */
    private static void checkFilename(String part, String filename) {
        for (int i = 0; i < filename.length(); i++) {
            char c = filename.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw ProblemException.badRequest(part, "The filename of the '" + part + "' part contains a control "
                        + "character (code " + (int) c + "); rename the file without it");
            }
        }
    }

    /** The parameters of a header value like {@code form-data; name="file"; filename="a.csv"}. */
    private static Map<String, String> parameters(String value) {
        Map<String, String> parameters = new LinkedHashMap<>();
        int i = value.indexOf(';');
        while (i >= 0 && i < value.length()) {
            int equals = value.indexOf('=', i);
            if (equals < 0) {
                break;
            }
            String key = value.substring(i + 1, equals).strip().toLowerCase(Locale.ROOT);
            StringBuilder v = new StringBuilder();
            int j = equals + 1;
            while (j < value.length() && value.charAt(j) == ' ') {
                j++;
            }
            if (j < value.length() && value.charAt(j) == '"') {
                for (j++; j < value.length() && value.charAt(j) != '"'; j++) {
                    char c = value.charAt(j);
                    if (c == '\\' && j + 1 < value.length()) {
                        c = value.charAt(++j);
                    }
                    v.append(c);
                }
                if (j >= value.length()) {
                    // a line break inside the quotes ended the header line early: the value was cut
                    throw malformed("the quoted '" + key + "' of a part's Content-Disposition has no closing quote");
                }
                j = value.indexOf(';', j);
            } else {
                int end = value.indexOf(';', j);
                v.append(value, j, end < 0 ? value.length() : end);
                j = end;
            }
            parameters.putIfAbsent(key, v.toString().strip());
            i = j;
        }
        return parameters;
    }

    /** Reads until at least {@code wanted} bytes are buffered or the input ends. */
    private void fill(int wanted) throws IOException {
        if (limit - position >= wanted) {
            return;
        }
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
        }
        while (limit < wanted) {
            int n = in.read(buffer, limit, buffer.length - limit);
            if (n < 0) {
                return;
            }
            limit += n;
        }
    }

    private static ProblemException malformed(String why) {
        return ProblemException.badRequest("file", "The upload is not a well-formed multipart/form-data body: " + why);
    }

    /** The bytes of one part, up to (not including) the delimiter that ends it. */
    private final class PartBody extends InputStream {
        private boolean ended;
        /** No delimiter starts before this index of the buffer: those bytes can be handed out. */
        private int clearUntil = position;
        /** Where the delimiter that ends this part starts in the buffer, once seen. */
        private int delimiterAt = -1;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (ended) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            while (clearUntil == position) {
                if (delimiterAt == position) {
                    position += delimiter.length;
                    ended = true;
                    return -1;
                }
                delimiterAt = indexOfDelimiter();
                // without a delimiter, all but a tail that may be the start of one
                clearUntil = delimiterAt >= 0 ? delimiterAt : Math.max(position, limit - (delimiter.length - 1));
                if (clearUntil == position && delimiterAt < 0 && !fillMore()) {
                    throw malformed("the body ends inside a part, before its boundary");
                }
            }
            int n = Math.min(len, clearUntil - position);
            System.arraycopy(buffer, position, b, off, n);
            position += n;
            return n;
        }

        void skipAll() throws IOException {
            byte[] skip = new byte[8192];
            while (read(skip, 0, skip.length) >= 0) {
                // discard
            }
        }

        /** Reads more bytes behind the buffered ones; false at the end of the input. */
        private boolean fillMore() throws IOException {
            if (position > 0) {
                System.arraycopy(buffer, position, buffer, 0, limit - position);
                limit -= position;
                clearUntil -= position;
                position = 0;
            }
            int n = in.read(buffer, limit, buffer.length - limit);
            if (n > 0) {
                limit += n;
            }
            return n >= 0;
        }

        /**
         * Where the delimiter starts in the buffered bytes, or -1. Horspool's search: at each place the byte under
         * the delimiter's last one tells how far it can move on, mostly the delimiter's whole length.
         */
        private int indexOfDelimiter() {
            int last = delimiter.length - 1;
            outer:
            for (int i = position; i + last < limit; i += skip[buffer[i + last] & 0xff]) {
                for (int k = last; k >= 0; k--) {
                    if (buffer[i + k] != delimiter[k]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
