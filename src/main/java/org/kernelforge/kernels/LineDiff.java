package org.kernelforge.kernels;

import org.kernelforge.kernels.KernelViews.Hunk;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

/** A longest-common-subsequence diff, for source lines and for notebook cells. */
final class LineDiff {

    /** Above this many cells in the table, the whole of a is shown as replaced by the whole of b. */
    private static final long MAX_TABLE = 25_000_000L;

    private LineDiff() {
    }

    /** Pairs of indexes (i in a, j in b) of elements both sequences keep, in order. */
    static <T> List<int[]> common(List<T> a, List<T> b, BiPredicate<T, T> same) {
        List<int[]> pairs = new ArrayList<>();
        if ((long) a.size() * b.size() > MAX_TABLE) {
            return pairs;
        }
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = same.test(a.get(i), b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        for (int i = 0, j = 0; i < a.size() && j < b.size(); ) {
            if (same.test(a.get(i), b.get(j))) {
                pairs.add(new int[]{i, j});
                i++;
                j++;
            } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
                i++;
            } else {
                j++;
            }
        }
        return pairs;
    }

    /** The changed regions between two texts, line by line (1-based line numbers). */
    static List<Hunk> hunks(String a, String b) {
        List<String> left = lines(a);
        List<String> right = lines(b);
        List<Hunk> hunks = new ArrayList<>();
        int i = 0;
        int j = 0;
        List<int[]> kept = new ArrayList<>(common(left, right, String::equals));
        kept.add(new int[]{left.size(), right.size()});
        for (int[] pair : kept) {
            if (pair[0] > i || pair[1] > j) {
                hunks.add(new Hunk(i + 1, j + 1, List.copyOf(left.subList(i, pair[0])), List.copyOf(right.subList(j, pair[1]))));
            }
            i = pair[0] + 1;
            j = pair[1] + 1;
        }
        return hunks;
    }

    static List<String> lines(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        return List.of(text.split("\r?\n", -1));
    }
}
