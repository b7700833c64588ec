package org.kernelforge.kernels;

import com.sun.management.ThreadMXBean;
import org.junit.jupiter.api.Test;
import org.kernelforge.kernels.KernelViews.Hunk;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Diffs of large sources stay small where the change is small, and bounded in time and memory whatever the input. */
class LineDiffTest {

    private static final long MAX_NANOS = 1_000_000_000L;
    private static final long MAX_ALLOCATED_BYTES = 50L << 20;

    @Test
    void aSmallChangeInALargeFileIsASmallDiff() {
        List<String> a = source(50_000);
        List<String> b = new ArrayList<>(a);
        b.remove(40_000);
        b.addAll(25_000, List.of("inserted_one = 1", "inserted_two = 2"));
        b.set(10_000, "changed = True");

        List<Hunk> hunks = LineDiff.hunks(String.join("\n", a), String.join("\n", b));

        assertEquals(List.of(
                new Hunk(10_001, 10_001, List.of(a.get(10_000)), List.of("changed = True")),
                new Hunk(25_001, 25_001, List.of(), List.of("inserted_one = 1", "inserted_two = 2")),
                new Hunk(40_001, 40_003, List.of(a.get(40_000)), List.of())), hunks);
    }

    @Test
    void largeSourcesAreDiffedInUnderASecondWithUnderFiftyMegabytes() {
        // 5,000 lines is the largest the former table-based diff accepted (a 100 MB table), 50,000 the size asked for
        for (int size : new int[] {5_000, 50_000}) {
            List<String> a = source(size);
            List<String> b = new ArrayList<>(a);
            for (int i = 0; i < size; i += size / 20) {
                b.set(i, "edited_" + i + " = None");
            }
            assertBounded(a, b);
        }
    }

    @Test
    void unrelatedAndReorderedLargeSourcesStayWithinTheSameBounds() {
        List<String> a = source(50_000);
        List<String> unrelated = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            unrelated.add("other_" + i + " = " + i);
        }
        List<String> reordered = new ArrayList<>(a);
        Collections.shuffle(reordered, new Random(7));
        assertBounded(a, unrelated);
        assertBounded(a, reordered);
    }

    @Test
    void emptyAndIdenticalTextsGiveTheObviousHunks() {
        assertEquals(List.of(), LineDiff.hunks("x\ny", "x\ny"));
        assertEquals(List.of(new Hunk(1, 1, List.of(), List.of("x", "y"))), LineDiff.hunks("", "x\r\ny"));
        assertEquals(List.of(new Hunk(1, 1, List.of("x"), List.of())), LineDiff.hunks("x", ""));
    }

    /**
     * Diffs a against b within the time and allocation bounds, and checks that the hunks turn a into b. Time is the
     * thread's CPU time, after a warm-up on small sources: what a request costs the server once its code is compiled,
     * not how long this thread waited for a core on a loaded test machine.
     */
    private static void assertBounded(List<String> a, List<String> b) {
        LineDiff.hunks(String.join("\n", a.subList(0, 1_000)), String.join("\n", b.subList(0, 1_000)));
        String left = String.join("\n", a);
        String right = String.join("\n", b);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        long start = threads.getCurrentThreadCpuTime();
        List<Hunk> hunks = LineDiff.hunks(left, right);
        long nanos = threads.getCurrentThreadCpuTime() - start;
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        String measured = a.size() + " lines: " + nanos / 1_000_000 + " ms CPU, " + (allocated >> 20) + " MB allocated";
        System.out.println("LineDiffTest " + measured);
        assertTrue(nanos < MAX_NANOS && allocated < MAX_ALLOCATED_BYTES, measured);
        assertEquals(b, applied(a, hunks));
    }

    private static List<String> applied(List<String> a, List<Hunk> hunks) {
        List<String> result = new ArrayList<>();
        int next = 0;
        for (Hunk h : hunks) {
            result.addAll(a.subList(next, h.aStart() - 1));
            assertEquals(h.removed(), a.subList(h.aStart() - 1, h.aStart() - 1 + h.removed().size()));
            assertEquals(result.size() + 1, h.bStart());
            result.addAll(h.added());
            next = h.aStart() - 1 + h.removed().size();
        }
        result.addAll(a.subList(next, a.size()));
        return result;
    }

    /** Python-like lines, most of them unique, with the blank and repeated lines real code has. */
    private static List<String> source(int lines) {
        List<String> source = new ArrayList<>(lines);
        for (int i = 0; i < lines; i++) {
            source.add(switch (i % 10) {
                case 0 -> "def step_" + i + "(frame):";
                case 8 -> "    return frame";
                case 9 -> "";
                default -> "    frame['c" + i + "'] = frame['c" + (i - 1) + "'] * " + (i % 7);
            });
        }
        return source;
    }
}
