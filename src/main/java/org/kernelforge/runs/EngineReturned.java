package org.kernelforge.runs;

import java.time.Instant;

/**
 * The Docker engine answers again after it was out of reach (restarted, crashed, upgraded). Without live restore the
 * engine stopped every container on its way down or on its way back: the containers kept ready are dead, and the
 * containers of the runs it cut short are left to remove.
 */
public record EngineReturned(Instant at) {
}
