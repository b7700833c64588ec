package org.kernelforge.platform;

import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The clock of the tests, in place of {@link Clocks}' default one: the system's UTC clock, unless a test
 * stops it at a moment of its own (and lets it go again when it is done).
 */
@Singleton
public class TestClock extends Clock {

    private volatile Instant stoppedAt;

    /** From now on the time is {@code at}, until {@link #release()}. */
    public void stopAt(Instant at) {
        stoppedAt = at;
    }

    public void release() {
        stoppedAt = null;
    }

    @Override
    public Instant instant() {
        Instant at = stoppedAt;
        return at != null ? at : Instant.now();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (zone.equals(ZoneOffset.UTC)) {
            return this;
        }
        throw new UnsupportedOperationException("The test clock runs in UTC only");
    }
}
