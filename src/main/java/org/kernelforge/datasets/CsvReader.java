package org.kernelforge.datasets;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RFC 4180 records: fields separated by ',', records by CRLF, LF or CR; a field in double quotes may hold
 * commas, line breaks and doubled quotes. Lenient where files in the wild are not: a quote inside an unquoted
 * field is a character, text after a closing quote is kept.
 */
final class CsvReader {

    private final Reader in;
    private int pending = -2;
    private boolean lastEndedByEof;

    CsvReader(Reader in) {
        this.in = in;
    }

    /** The next record, or null at the end of the input. */
    List<String> next() throws IOException {
        int c = read();
        if (c == -1) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean startOfField = true;
        while (true) {
            if (quoted) {
                if (c == -1) {
                    break;
                }
                if (c == '"') {
                    int d = read();
                    if (d == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        c = d;
                        continue;
                    }
                } else {
                    field.append((char) c);
                }
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                startOfField = true;
                c = read();
                continue;
            } else if (c == '\n' || c == -1) {
                break;
            } else if (c == '\r') {
                int d = read();
                if (d != '\n') {
                    pending = d;
                }
                c = '\n';
                break;
            } else if (c == '"' && startOfField) {
                quoted = true;
            } else {
                field.append((char) c);
            }
            startOfField = false;
            c = read();
        }
        lastEndedByEof = c == -1;
        fields.add(field.toString());
        return fields;
    }

    /** Whether the last record ended with the input rather than a line break (it may be cut short). */
    boolean lastEndedByEof() {
        return lastEndedByEof;
    }

    private int read() throws IOException {
        if (pending != -2) {
            int c = pending;
            pending = -2;
            return c;
        }
        return in.read();
    }
}
