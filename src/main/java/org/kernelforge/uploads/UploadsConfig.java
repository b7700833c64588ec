package org.kernelforge.uploads;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Raw blob uploads (POST /api/blobs/uploads, then PUT of the bytes). */
@ConfigMapping(prefix = "kernelforge.uploads")
public interface UploadsConfig {

    /** How long a started upload may wait for its bytes and then for the dataset that uses it. */
    @WithDefault("PT24H")
    Duration ttl();
}
