package org.kernelforge.kernels;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Optional;

/** What kernels may ask for on this deployment. */
@ConfigMapping(prefix = "kernelforge.kernels")
public interface KernelsConfig {

    /** Images (name:tag) kernels may name in docker_image besides the default runtime image. */
    Optional<List<String>> extraImages();

    /** Largest source (script text or .ipynb document) in bytes. */
    @WithDefault("10485760")
    long maxSourceBytes();

    /** Versions one user may have running at once (KF_RUNS_PER_USER); the others wait their turn. */
    @WithDefault("2")
    int runsPerUser();
}
