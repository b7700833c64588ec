package org.kernelforge.competitions.scoring;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Ids of any text, compact: their UTF-8 bytes end to end, where each one ends, and an open-addressing table of row
 * numbers keyed by a hash of the bytes (about 4 bytes of offset, 6 to 11 of table and the id's own bytes per row).
 */
final class TextIdIndex implements IdIndex {

    private final byte[] bytes;
    private final int[] ends;
    private final int[] slots;
    private final int mask;

    private TextIdIndex(byte[] bytes, int[] ends, int[] slots) {
        this.bytes = bytes;
        this.ends = ends;
        this.slots = slots;
        this.mask = slots.length - 1;
    }

    static TextIdIndex build(byte[] bytes, int[] ends) throws RepeatedId {
        int count = ends.length;
        int capacity = Integer.highestOneBit(Math.max(1, (int) (count / 0.7))) << 1; // load at most 0.7
        int[] slots = new int[capacity];
        TextIdIndex index = new TextIdIndex(bytes, ends, slots);
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

    @Override
    public int size() {
        return ends.length;
    }

    @Override
    public long retainedBytes() {
        return bytes.length + 4L * ends.length + 4L * slots.length;
    }

    @Override
    public int find(byte[] b, int from, int to, int expectedRow) {
        if (expectedRow < ends.length && matches(expectedRow, b, from, to)) {
            return expectedRow;
        }
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

    private boolean matches(int row, byte[] b, int from, int to) {
        int start = row == 0 ? 0 : ends[row - 1];
        return Arrays.equals(bytes, start, ends[row], b, from, to);
    }

    @Override
    public String id(int row) {
        int start = row == 0 ? 0 : ends[row - 1];
        return new String(bytes, start, ends[row] - start, StandardCharsets.UTF_8);
    }

    @Override
    public long seededHash(int row, long seed) {
        return IdIndex.seededHash(bytes, row == 0 ? 0 : ends[row - 1], ends[row], seed);
    }

    private static int hash(byte[] b, int from, int to) {
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
}
