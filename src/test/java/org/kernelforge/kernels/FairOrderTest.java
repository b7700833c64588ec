package org.kernelforge.kernels;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Round-robin across users: fewest running first, then the longest wait; a user at the limit gets no turn. */
class FairOrderTest {

    private final FairOrder twoEach = new FairOrder(2);
    private final Instant early = Instant.parse("2026-01-01T10:00:00Z");
    private final Instant late = early.plusSeconds(60);

    @Test
    void aUserWithFewerRunningGoesFirstEvenWhenTheirVersionIsNewer() {
        assertEquals(List.of(2L, 1L), twoEach.turns(Map.of(1L, early, 2L, late), Map.of(1L, 1L)));
    }

    @Test
    void betweenUsersRunningAsManyTheLongestWaitingGoesFirst() {
        assertEquals(List.of(1L, 2L), twoEach.turns(Map.of(1L, early, 2L, late), Map.of(1L, 1L, 2L, 1L)));
    }

    @Test
    void aUserAtTheLimitGetsNoTurnHoweverLongTheyWait() {
        assertEquals(List.of(2L), twoEach.turns(Map.of(1L, early, 2L, late), Map.of(1L, 2L)));
        assertEquals(List.of(), twoEach.turns(Map.of(1L, early), Map.of(1L, 3L)));
    }
}
