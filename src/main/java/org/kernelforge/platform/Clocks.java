package org.kernelforge.platform;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * The clock that decides deadlines and daily windows (UTC). A default bean, so a test can put a clock of
 * its own in its place and cross midnight without waiting for it.
 */
@Singleton
public class Clocks {

    @Produces
    @Singleton
    @DefaultBean
    Clock utc() {
        return Clock.systemUTC();
    }
}
