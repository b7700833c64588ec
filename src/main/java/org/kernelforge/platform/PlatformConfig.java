package org.kernelforge.platform;

import io.smallrye.config.ConfigMapping;

import java.nio.file.Path;

/** Settings that every feature shares. */
@ConfigMapping(prefix = "kernelforge")
public interface PlatformConfig {

    /** Directory holding all local state of this server: H2 database, upload spool, caches, initial-admin.json. */
    Path dataDir();

    /** Address users reach the server at; self links are built from it, never from the request. */
    String publicUrl();
}
