package org.kernelforge.competitions;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Limits of competitions on this deployment. */
@ConfigMapping(prefix = "kernelforge.competitions")
public interface CompetitionsConfig {

    /** Largest submission file; a bigger one is refused before scoring. */
    @WithDefault("200M")
    MemorySize maxSubmissionSize();

    /** Largest solution file an organizer may upload. */
    @WithDefault("2G")
    MemorySize maxSolutionSize();

    /** Largest custom scoring program (Python source). */
    @WithDefault("1M")
    MemorySize maxProgramSize();

    /** Submissions scored at the same time. */
    @WithDefault("2")
    int scoringThreads();

    /** Wall-clock limit of one run of a custom scoring program. */
    @WithDefault("PT10M")
    Duration programTimeout();

    /** Memory of a custom scoring program's container. */
    @WithDefault("2G")
    MemorySize programMemory();
}
