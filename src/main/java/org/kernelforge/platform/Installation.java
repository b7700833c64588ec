package org.kernelforge.platform;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * This server's identity among others sharing a Docker engine: made once and kept in the data dir.
 * Containers are labelled with it, so a server only ever reconciles or removes its own.
 */
@ApplicationScoped
public class Installation {

    public static final String LABEL = "org.kernelforge.installation";

    private final String id;

    public Installation(PlatformConfig platform) {
        Path file = platform.dataDir().toAbsolutePath().resolve("installation-id");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, UUID.randomUUID().toString());
            }
            this.id = Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or create " + file, e);
        }
    }

    public String id() {
        return id;
    }
}
