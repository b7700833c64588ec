package org.kernelforge.competitions.scoring;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The solution's ids and the row each one is on. Ids that are all plain integers (no sign, no leading zero) over a
 * range at most four times the row count, the common case, are found by one array access; others by hashing their
 * bytes.
 */
sealed interface IdIndex permits TextIdIndex, IntegerIdIndex {

    int size();

    /** The row of the id in b[from, to), or -1; expectedRow is tried first (submissions usually keep the order). */
    int find(byte[] b, int from, int to, int expectedRow);

    String id(int row);

    /** A hash of the id's bytes mixed with a seed, the same for either kind of index. */
    long seededHash(int row, long seed);

    /** Heap bytes held by the index's arrays. */
    long retainedBytes();

    static long seededHash(byte[] b, int from, int to, long seed) {
        long h = seed ^ 0xcbf29ce484222325L;
        for (int i = from; i < to; i++) {
            h = (h ^ (b[i] & 0xFF)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    /** The value of a plain integer id (digits, no leading zero, at most Integer.MAX_VALUE), or -1. */
    static long plainInteger(byte[] b, int from, int to) {
        int length = to - from;
        if (length < 1 || length > 10 || (b[from] == '0' && length > 1)) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value <= Integer.MAX_VALUE ? value : -1;
    }

    /** Collects ids in row order, then builds the fitting index; reports the first repeated id. */
    final class Builder {
        private byte[] bytes = new byte[1 << 12];
        private int length;
        private int[] ends = new int[1 << 10];
        private int count;
        private boolean integers = true;
        private long min = Long.MAX_VALUE;
        private long max = Long.MIN_VALUE;

        void add(byte[] b, int from, int to) {
            int len = to - from;
            if (length + len > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + len));
            }
            System.arraycopy(b, from, bytes, length, len);
            length += len;
            if (count == ends.length) {
                ends = Arrays.copyOf(ends, count * 2);
            }
            ends[count++] = length;
            if (integers) {
                long value = plainInteger(b, from, to);
                integers = value >= 0;
                min = Math.min(min, value);
                max = Math.max(max, value);
            }
        }

        String id(int row) {
            int start = row == 0 ? 0 : ends[row - 1];
            return new String(bytes, start, ends[row] - start, StandardCharsets.UTF_8);
        }

        IdIndex build() throws RepeatedId {
            if (integers && count > 0 && max - min < 4L * count + 64) {
                return IntegerIdIndex.build(bytes, ends, count, (int) min, (int) (max - min + 1));
            }
            return TextIdIndex.build(Arrays.copyOf(bytes, length), Arrays.copyOf(ends, count));
        }
    }

    /** Two rows with the same id. */
    final class RepeatedId extends Exception {
        final int firstRow;
        final int secondRow;

        RepeatedId(int firstRow, int secondRow) {
            super(null, null, false, false);
            this.firstRow = firstRow;
            this.secondRow = secondRow;
        }
    }
}
