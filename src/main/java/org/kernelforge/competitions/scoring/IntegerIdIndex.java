package org.kernelforge.competitions.scoring;

import java.nio.charset.StandardCharsets;

/** Plain integer ids over a dense range: the row of id v is at rowOf[v - min]; 4 bytes per id and per range value. */
final class IntegerIdIndex implements IdIndex {

    private final int[] idOfRow;
    /** Row + 1 for each value of the range, 0 where no row has the id. */
    private final int[] rowOf;
    private final int min;

    private IntegerIdIndex(int[] idOfRow, int[] rowOf, int min) {
        this.idOfRow = idOfRow;
        this.rowOf = rowOf;
        this.min = min;
    }

    static IntegerIdIndex build(byte[] bytes, int[] ends, int count, int min, int range) throws RepeatedId {
        int[] idOfRow = new int[count];
        int[] rowOf = new int[range];
        for (int row = 0; row < count; row++) {
            int value = (int) IdIndex.plainInteger(bytes, row == 0 ? 0 : ends[row - 1], ends[row]);
            if (rowOf[value - min] != 0) {
                throw new RepeatedId(rowOf[value - min] - 1, row);
            }
            rowOf[value - min] = row + 1;
            idOfRow[row] = value;
        }
        return new IntegerIdIndex(idOfRow, rowOf, min);
    }

    @Override
    public int size() {
        return idOfRow.length;
    }

    @Override
    public int find(byte[] b, int from, int to, int expectedRow) {
        long value = IdIndex.plainInteger(b, from, to);
        if (value < 0) {
            return -1;
        }
        if (expectedRow < idOfRow.length && idOfRow[expectedRow] == value) {
            return expectedRow;
        }
        long offset = value - min;
        return offset < 0 || offset >= rowOf.length ? -1 : rowOf[(int) offset] - 1;
    }

    @Override
    public String id(int row) {
        return Integer.toString(idOfRow[row]);
    }

    @Override
    public long seededHash(int row, long seed) {
        byte[] text = id(row).getBytes(StandardCharsets.US_ASCII);
        return IdIndex.seededHash(text, 0, text.length, seed);
    }

    @Override
    public long retainedBytes() {
        return 4L * idOfRow.length + 4L * rowOf.length;
    }
}
