package org.kernelforge.competitions.scoring;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The solution's ids, compact: their UTF-8 bytes end to end, where each one ends, and an open-addressing table of
 * row numbers keyed by a hash of the bytes (about 4 bytes of offset, 8 of table and the id's own bytes per row).
 */
final class IdIndex {

    private final byte[] bytes;
    private final int[] ends;
    private final int[] slots;
    private final int mask;

    private IdIndex(byte[] bytes, int[] ends, int[] slots) {
        this.bytes = bytes;
        this.ends = ends;
        this.slots = slots;
        this.mask = slots.length - 1;
    }

    int size() {
        return ends.length;
    }

    /** Heap bytes held by the index's arrays. */
    long retainedBytes() {
        return bytes.length + 4L * ends.length + 4L * slots.length;
    }

    /** The row of the id in b[from, to), or -1. */
    int find(byte[] b, int from, int to) {
        int slot = hash(b, from, to) & mask;
        while (true) {
            int entry = slots[slot];
            if (entry == 0) {
                return -1;
            }
            if (matches(entry - 1, b, from, to)) {
                return entry - 1;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** Whether row's id is b[from, to). */
    boolean matches(int row, byte[] b, int from, int to) {
        int start = row == 0 ? 0 : ends[row - 1];
        return Arrays.equals(bytes, start, ends[row], b, from, to);
    }

    String id(int row) {
        int start = row == 0 ? 0 : ends[row - 1];
        return new String(bytes, start, ends[row] - start, StandardCharsets.UTF_8);
    }

    /** The id's bytes hashed with a seed, for splitting rows between boards independently of their order. */
    long seededHash(int row, long seed) {
        int start = row == 0 ? 0 : ends[row - 1];
        long h = seed ^ 0xcbf29ce484222325L;
        for (int i = start; i < ends[row]; i++) {
            h = (h ^ (bytes[i] & 0xFF)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    static int hash(byte[] b, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + b[i];
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }

    /** Collects ids in row order; reports the first repeated id. */
    static final class Builder {
        private byte[] bytes = new byte[1 << 12];
        private int length;
        private int[] ends = new int[1 << 10];
        private int count;

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
        }

        int count() {
            return count;
        }

        String id(int row) {
            int start = row == 0 ? 0 : ends[row - 1];
            return new String(bytes, start, ends[row] - start, StandardCharsets.UTF_8);
        }

        /** The index, or throws with the two rows that share an id. */
        IdIndex build() throws RepeatedId {
            int capacity = Integer.highestOneBit(Math.max(1, (int) (count / 0.7))) << 1; // load at most 0.7
            int[] slots = new int[capacity];
            IdIndex index = new IdIndex(Arrays.copyOf(bytes, length), Arrays.copyOf(ends, count), slots);
            int m = capacity - 1;
            for (int row = 0; row < count; row++) {
                int start = row == 0 ? 0 : ends[row - 1];
                int slot = hash(bytes, start, ends[row]) & m;
                while (slots[slot] != 0) {
                    if (index.matches(slots[slot] - 1, bytes, start, ends[row])) {
                        throw new RepeatedId(slots[slot] - 1, row);
                    }
                    slot = (slot + 1) & m;
                }
                slots[slot] = row + 1;
            }
            return index;
        }
    }

    /** Two rows with the same id. */
    static final class RepeatedId extends Exception {
        final int firstRow;
        final int secondRow;

        RepeatedId(int firstRow, int secondRow) {
            super(null, null, false, false);
            this.firstRow = firstRow;
            this.secondRow = secondRow;
        }
    }
}
