package org.kernelforge.storage;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One byte range of a file (inclusive ends), from an HTTP {@code Range: bytes=...} header. */
public record ByteRange(long start, long end) {

    private static final Pattern SPEC = Pattern.compile("(?i)\\s*bytes\\s*=\\s*(\\d*)\\s*-\\s*(\\d*)\\s*");

    /** The range asks for nothing the file has: answer 416 with {@code Content-Range: bytes *}{@code /size}. */
    static final class Unsatisfiable extends Exception {
        Unsatisfiable() {
            super(null, null, false, false);
        }
    }

    long length() {
        return end - start + 1;
    }

    String contentRange(long size) {
        return "bytes " + start + "-" + end + "/" + size;
    }

    /**
     * The range to send, or empty to send the whole file: no header, another unit, several ranges, or a
     * malformed one (RFC 9110 lets a server ignore those).
     */
    public static Optional<ByteRange> parse(String header, long size) throws Unsatisfiable {
        if (header == null || header.indexOf(',') >= 0) {
            return Optional.empty();
        }
        Matcher m = SPEC.matcher(header);
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return Optional.empty();
        }
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0 || size == 0) {
                    throw new Unsatisfiable();
                }
                return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
            }
            long start = Long.parseLong(m.group(1));
            long end = m.group(2).isEmpty() ? Long.MAX_VALUE : Long.parseLong(m.group(2));
            if (end < start) {
                return Optional.empty();
            }
            if (start >= size) {
                throw new Unsatisfiable();
            }
            return Optional.of(new ByteRange(start, Math.min(end, size - 1)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
