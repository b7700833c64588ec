package org.kernelforge.competitions.scoring;

import java.util.Map;

/**
 * The map_at_k targets of a solution: row r's relevant labels are the codes {@code codes[ends[r-1], ends[r])}, each
 * code naming one distinct label text.
 */
record RelevantLabels(int[] ends, int[] codes, Map<String, Integer> codeOfText, String[] texts) {

    int from(int row) {
        return row == 0 ? 0 : ends[row - 1];
    }

    int to(int row) {
        return ends[row];
    }
}
