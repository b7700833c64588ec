package org.kernelforge.environments;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** How environments are built on this deployment. */
@ConfigMapping(prefix = "kernelforge.environments")
public interface EnvironmentsConfig {

    /**
     * The apt source builds install from, as a sources.list line ("deb [trusted=yes] http://host/debian bookworm main");
     * unset: the base image's own sources.
     */
    Optional<String> aptSource();

    /** The repository built images are tagged in: {@code <prefix><name>:<version>}. */
    @WithDefault("kernelforge/env-")
    String imagePrefix();

    /** The environment kernels run in when they name none. */
    @WithDefault("python")
    String defaultEnvironment();
}
