package org.kernelforge.competitions.scoring;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads RFC 4180 records straight from bytes: fields are ranges of one reused buffer, so a row costs no allocation.
 * Accepts a UTF-8 byte order mark, CRLF or LF line ends, quoted fields (with doubled quotes, commas and line breaks)
 * and skips empty lines. Rejects what is not UTF-8 text, and bounds memory: a record longer than
 * {@link #MAX_RECORD_BYTES} or with more than the given number of fields is an error as soon as it is seen.
 */
final class CsvRecords {

    static final int MAX_RECORD_BYTES = 1 << 20;
    private static final int NEED_MORE = -1;

    private final InputStream in;
    private final String fileName;
    private final int maxFields;
    private final byte[] buf = new byte[MAX_RECORD_BYTES + 64 * 1024];
    private int pos;
    private int limit;
    private boolean eof;
    private boolean started;

    private final int[] starts;
    private final int[] ends;
    private final boolean[] escaped;
    private int fieldCount;
    private int nextLine = 1;
    private int recordLine;
    private int recordLineBreaks;

    CsvRecords(InputStream in, String fileName, int maxFields) {
        this.in = in;
        this.fileName = fileName;
        this.maxFields = maxFields;
        this.starts = new int[maxFields];
        this.ends = new int[maxFields];
        this.escaped = new boolean[maxFields];
    }

    /** Moves to the next non-empty record; false at the end of the file. */
    boolean next() throws IOException, MalformedCsv {
        if (!started) {
            started = true;
            fill();
            if (limit >= 3 && buf[0] == (byte) 0xEF && buf[1] == (byte) 0xBB && buf[2] == (byte) 0xBF) {
                pos = 3;
            }
        }
        while (true) {
            if (pos >= limit) {
                if (eof || (compactAndFill() && pos >= limit)) {
                    return false;
                }
                continue;
            }
            int end = parseRecord(pos);
            if (end == NEED_MORE) {
                if (eof) {
                    throw new MalformedCsv(fileName + " line " + nextLine
                            + ": a quoted field is not closed (a '\"' is missing)");
                }
                if (pos == 0 && limit == buf.length) {
                    throw new MalformedCsv(fileName + " line " + nextLine + " is longer than "
                            + (MAX_RECORD_BYTES >> 20) + " MiB (or a quoted field is not closed)");
                }
                compactAndFill();
                continue;
            }
            pos = end;
            recordLine = nextLine;
            nextLine += recordLineBreaks;
            if (fieldCount == 1 && starts[0] == ends[0] && !escaped[0]) {
                continue;
            }
            return true;
        }
    }

    /** The 1-based line the current record starts on, as a spreadsheet numbers it (the header is line 1). */
    int line() {
        return recordLine;
    }

    int fieldCount() {
        return fieldCount;
    }

    byte[] bytes() {
        return buf;
    }

    int start(int field) {
        unescape(field);
        return starts[field];
    }

    int end(int field) {
        unescape(field);
        return ends[field];
    }

    /** Start of the field without leading spaces and tabs. */
    int trimmedStart(int field) {
        int s = start(field);
        int e = ends[field];
        while (s < e && (buf[s] == ' ' || buf[s] == '\t')) {
            s++;
        }
        return s;
    }

    /** End of the field without trailing spaces and tabs. */
    int trimmedEnd(int field) {
        int s = start(field);
        int e = ends[field];
        while (e > s && (buf[e - 1] == ' ' || buf[e - 1] == '\t')) {
            e--;
        }
        return e;
    }

    /** The field without surrounding spaces, as text. */
    String text(int field) {
        int s = trimmedStart(field);
        return new String(buf, s, Math.max(s, trimmedEnd(field)) - s, StandardCharsets.UTF_8);
    }

    /** The field as it may appear in a message. */
    String shown(int field) {
        int s = start(field);
        int len = Math.min(ends[field] - s, ShownValue.MAX_CHARS * 4 + 4);
        return ShownValue.of(new String(buf, s, len, StandardCharsets.UTF_8));
    }

    String fileName() {
        return fileName;
    }

    /**
     * Splits the record at {@code from} into fields; returns the position after its line end, or NEED_MORE when the
     * buffer ends first (nothing is changed in the buffer until a record is complete).
     */
    private int parseRecord(int from) throws MalformedCsv {
        byte[] b = buf;
        int lim = limit;
        int p = from;
        int breaks = 0;
        int count = 0;
        while (true) {
            if (count == maxFields) {
                throw new MalformedCsv(fileName + " line " + nextLine + " has more than " + maxFields + " columns");
            }
            boolean hasEscapes = false;
            int fieldStart;
            int fieldEnd;
            if (p < lim && b[p] == '"') {
                fieldStart = ++p;
                while (true) {
                    if (p >= lim) {
                        return NEED_MORE;
                    }
                    byte c = b[p];
                    if (c == '"') {
                        if (p + 1 >= lim) {
                            if (!eof) {
                                return NEED_MORE;
                            }
                            break;
                        }
                        if (b[p + 1] == '"') {
                            hasEscapes = true;
                            p += 2;
                            continue;
                        }
                        break;
                    }
                    if (c == '\n') {
                        breaks++;
                    } else if (c <= 0) {
                        int len = checkText(b, p, lim, nextLine + breaks);
                        if (len == NEED_MORE) {
                            return NEED_MORE;
                        }
                        p += len;
                        continue;
                    }
                    p++;
                }
                fieldEnd = p++;
                if (p < lim && b[p] != ',' && b[p] != '\n' && b[p] != '\r') {
                    throw new MalformedCsv(fileName + " line " + (nextLine + breaks) + ", column " + (count + 1)
                            + ": text after the closing quote of a quoted field (write a quote inside a quoted field as \"\")");
                }
            } else {
                fieldStart = p;
                while (true) {
                    if (p >= lim) {
                        break;
                    }
                    byte c = b[p];
                    if (c > '"') {
                        if (c == ',') {
                            break;
                        }
                        p++;
                        continue;
                    }
                    if (c == '\n' || c == '\r') {
                        break;
                    }
                    if (c <= 0) {
                        int len = checkText(b, p, lim, nextLine + breaks);
                        if (len == NEED_MORE) {
                            return NEED_MORE;
                        }
                        p += len;
                        continue;
                    }
                    p++;
                }
                fieldEnd = p;
            }
            starts[count] = fieldStart;
            ends[count] = fieldEnd;
            escaped[count] = hasEscapes;
            count++;
            if (p >= lim) {
                if (!eof) {
                    return NEED_MORE;
                }
                fieldCount = count;
                recordLineBreaks = breaks + 1;
                return p;
            }
            byte c = b[p];
            if (c == ',') {
                p++;
                continue;
            }
            if (c == '\r') {
                if (p + 1 >= lim && !eof) {
                    return NEED_MORE;
                }
                p++;
                if (p < lim && b[p] == '\n') {
                    p++;
                }
            } else {
                p++;
            }
            fieldCount = count;
            recordLineBreaks = breaks + 1;
            return p;
        }
    }

    /** Length of the valid UTF-8 sequence at p, NEED_MORE if the buffer cuts it; rejects NUL and invalid bytes. */
    private int checkText(byte[] b, int p, int lim, int line) throws MalformedCsv {
        if (b[p] == 0) {
            throw new MalformedCsv(fileName + " line " + line
                    + " contains a NUL byte: this looks like a binary file, not CSV text");
        }
        int length = Utf8.sequenceLength(b, p, lim);
        if (length == Utf8.CUT && !eof) {
            return NEED_MORE;
        }
        if (length <= 0) {
            throw new MalformedCsv(fileName + " line " + line
                    + " is not valid UTF-8 text; save the file as CSV with UTF-8 encoding");
        }
        return length;
    }

    private void unescape(int field) {
        if (!escaped[field]) {
            return;
        }
        escaped[field] = false;
        int w = starts[field];
        for (int r = starts[field]; r < ends[field]; r++) {
            buf[w++] = buf[r];
            if (buf[r] == '"') {
                r++;
            }
        }
        ends[field] = w;
    }

    /** Moves unread bytes to the start of the buffer and reads more; true if nothing more could be read. */
    private boolean compactAndFill() throws IOException {
        System.arraycopy(buf, pos, buf, 0, limit - pos);
        limit -= pos;
        pos = 0;
        return fill() == 0;
    }

    private int fill() throws IOException {
        int total = 0;
        while (!eof && limit < buf.length) {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
                total += n;
            }
        }
        return total;
    }
}
