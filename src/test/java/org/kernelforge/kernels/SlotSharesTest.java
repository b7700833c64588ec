package org.kernelforge.kernels;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reruns and commits share the run slots without starving each other. */
class SlotSharesTest {

    private final SlotShares twoSlots = new SlotShares(2, 1);

    @Test
    void reruns_holdAtMostTheirShare_soACommitGetsTheOtherSlot() {
        // one rerun runs, another waits: the free slot goes to a commit
        assertFalse(twoSlots.rerunMayStart(true, 1));
        assertTrue(twoSlots.commitsFirst(true, 1, 0, true));
    }

    @Test
    void aWaitingRerunGetsTheNextSlotOnceCommitsHoldTheirShare() {
        // a commit runs, another commit and a rerun wait: the rerun goes first
        assertTrue(twoSlots.rerunMayStart(true, 0));
        assertFalse(twoSlots.commitsFirst(true, 0, 1, false));
        // commits below their share still go first
        assertTrue(twoSlots.commitsFirst(true, 0, 0, false));
    }

    @Test
    void withOneSlotRerunsAndCommitsTakeTurns() {
        SlotShares one = new SlotShares(1, 1);
        assertTrue(one.commitsFirst(true, 0, 0, true));
        assertFalse(one.commitsFirst(true, 0, 0, false));
        assertTrue(one.commitsFirst(false, 0, 0, false));
    }
}
