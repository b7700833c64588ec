package org.kernelforge.storage;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A budget of parts that none come back to fails the next upload within its wait, with the budget's own error. */
class PartBuffersTest {

    @Test
    void aStarvedBudgetFailsTheWaitingUploadWithinItsWaitAndServesAgainOncePartsComeBack() throws Exception {
        PartBuffers budget = new PartBuffers(1024, 1, 300, () -> new StorageException("no part memory", null));
        budget.first();

        Instant asked = Instant.now();
        StorageException starved = assertThrows(StorageException.class, budget::first);
        Duration waited = Duration.between(asked, Instant.now());
        assertEquals("no part memory", starved.getMessage());
        assertTrue(waited.toMillis() >= 250 && waited.toMillis() < 5000, "waited " + waited);
        assertEquals(1, budget.inUse(), "the starved upload holds nothing");

        budget.release(1);
        assertEquals(1024, budget.first().length);
    }

    @Test
    void theCapturesPackBudgetWaitsABoundedTime() {
        assertTrue(BlobPacks.PART_WAIT.compareTo(Duration.ofHours(1)) <= 0, "a pack waits " + BlobPacks.PART_WAIT);
    }
}
