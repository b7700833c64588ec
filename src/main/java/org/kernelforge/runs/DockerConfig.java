package org.kernelforge.runs;

import io.smallrye.config.ConfigMapping;

/** The Docker engine that runs kernels. */
@ConfigMapping(prefix = "kernelforge.docker")
public interface DockerConfig {

    /** Engine address, e.g. unix:///var/run/docker.sock. */
    String host();

    /** Default kernel runtime image (name:tag), built by deploy/runtime-image/build.sh. */
    String runtimeImage();
}
