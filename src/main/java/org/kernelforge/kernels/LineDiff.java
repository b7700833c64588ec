package org.kernelforge.kernels;

import com.github.difflib.algorithm.Change;
import com.github.difflib.algorithm.myers.MeyersDiffWithLinearSpace;
import org.kernelforge.kernels.KernelViews.Hunk;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A shortest diff (java-diff-utils' linear-space Myers algorithm), for source lines and for notebook cells, in memory
 * that grows with the inputs only. Before the diff, the common start and end are set aside, and so are the elements
 * that appear on one side only (they cannot be kept, so the result is the same; GNU diff does this too): a few edits
 * in a large file leave little to compare. Myers' time grows with the size times the number of differences that remain,
 * so past {@link #MAX_COMPARISONS} comparisons (thoroughly reordered large inputs) the region between the common start
 * and end is shown as replaced instead.
 */
final class LineDiff {

    /**
     * Enough for a block of 1,000 lines moved within 50,000 (1.7 million comparisons); a few tenths of a second on this
     * project's loaded 2-core test machine, so LineDiffTest's reordered 50,000 lines stay under a second.
     */
    static final long MAX_COMPARISONS = 3_000_000L;

    /** A changed region: elements [aFrom, aTo) of a replaced by [bFrom, bTo) of b; one of the two may be empty. */
    record Region(int aFrom, int aTo, int bFrom, int bTo) {
    }

    private LineDiff() {
    }

    /** The changed regions between a and b, in order; the elements between two regions are kept. */
    static <T> List<Region> regions(List<T> a, List<T> b) {
        int start = 0;
        while (start < a.size() && start < b.size() && a.get(start).equals(b.get(start))) {
            start++;
        }
        int aEnd = a.size();
        int bEnd = b.size();
        while (aEnd > start && bEnd > start && a.get(aEnd - 1).equals(b.get(bEnd - 1))) {
            aEnd--;
            bEnd--;
        }
        Regions regions = new Regions(start);
        Shared<T> shared = new Shared<>(a.subList(start, aEnd), b.subList(start, bEnd));
        try {
            int i = 0;
            int j = 0;
            for (Change change : shared.diff()) {
                for (; i < change.startOriginal; i++, j++) {
                    regions.keep(start + shared.aIndex[i], start + shared.bIndex[j]);
                }
                i = change.endOriginal;
                j = change.endRevised;
            }
            for (; i < shared.a.size(); i++, j++) {
                regions.keep(start + shared.aIndex[i], start + shared.bIndex[j]);
            }
        } catch (TooManyComparisons e) {
            regions = new Regions(start);
        }
        return regions.end(aEnd, bEnd);
    }

    /** The changed regions between two texts, line by line (1-based line numbers). */
    static List<Hunk> hunks(String a, String b) {
        List<String> left = lines(a);
        List<String> right = lines(b);
        List<Hunk> hunks = new ArrayList<>();
        for (Region r : regions(left, right)) {
            hunks.add(new Hunk(r.aFrom() + 1, r.bFrom() + 1,
                    List.copyOf(left.subList(r.aFrom(), r.aTo())), List.copyOf(right.subList(r.bFrom(), r.bTo()))));
        }
        return hunks;
    }

    static List<String> lines(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        return List.of(text.split("\r?\n", -1));
    }

    /**
     * The elements of a and b that occur on both sides, each replaced by one instance per distinct value (so the diff
     * compares references), with their indexes in a and b.
     */
    private static final class Shared<T> {
        final List<T> a;
        final List<T> b;
        final int[] aIndex;
        final int[] bIndex;
        private long comparisons;

        Shared(List<T> left, List<T> right) {
            Map<T, Occurrences<T>> seen = new HashMap<>();
            for (T t : left) {
                seen.computeIfAbsent(t, Occurrences::new).inA = true;
            }
            for (T t : right) {
                seen.computeIfAbsent(t, Occurrences::new).inB = true;
            }
            aIndex = new int[left.size()];
            bIndex = new int[right.size()];
            a = both(left, seen, aIndex);
            b = both(right, seen, bIndex);
        }

        List<Change> diff() {
            return new MeyersDiffWithLinearSpace<T>((x, y) -> {
                if (++comparisons > MAX_COMPARISONS) {
                    throw new TooManyComparisons();
                }
                return x == y;
            }).computeDiff(a, b, null);
        }

        private static <T> List<T> both(List<T> side, Map<T, Occurrences<T>> seen, int[] index) {
            List<T> kept = new ArrayList<>();
            for (int i = 0; i < side.size(); i++) {
                Occurrences<T> o = seen.get(side.get(i));
                if (o.inA && o.inB) {
                    index[kept.size()] = i;
                    kept.add(o.value);
                }
            }
            return kept;
        }
    }

    private static final class Occurrences<T> {
        final T value;
        boolean inA;
        boolean inB;

        Occurrences(T value) {
            this.value = value;
        }
    }

    /** Collects the regions between kept pairs of elements, given in order. */
    private static final class Regions {
        private final List<Region> regions = new ArrayList<>();
        private int nextA;
        private int nextB;

        Regions(int start) {
            nextA = start;
            nextB = start;
        }

        void keep(int i, int j) {
            if (i > nextA || j > nextB) {
                regions.add(new Region(nextA, i, nextB, j));
            }
            nextA = i + 1;
            nextB = j + 1;
        }

        List<Region> end(int aEnd, int bEnd) {
            if (aEnd > nextA || bEnd > nextB) {
                regions.add(new Region(nextA, aEnd, nextB, bEnd));
            }
            return regions;
        }
    }

    /** Thrown from inside the diff's comparisons to stop it; carries no stack trace, as it is no error. */
    private static final class TooManyComparisons extends RuntimeException {
        TooManyComparisons() {
            super(null, null, false, false);
        }
    }
}
