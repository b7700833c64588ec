package org.kernelforge.platform;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * This server's identity among others sharing a Docker engine and a database (its replica id): KF_REPLICA_ID, or
 * made once and kept in the data dir. Containers are labelled with it, so a server only ever reconciles or removes
 * its own, and the versions it runs record it ({@code claimed_by}).
 */
@ApplicationScoped
public class Installation {

    public static final String LABEL = "org.kernelforge.installation";

    private final String id;

    public Installation(PlatformConfig platform, ReplicaConfig replica) {
        if (replica.id().isPresent()) {
            String given = replica.id().get().strip();
            if (!given.matches("[A-Za-z0-9][A-Za-z0-9-]{0,63}")) {
                throw new IllegalArgumentException("KF_REPLICA_ID '" + given
                        + "' is not a replica id: letters, digits and '-', at most 64, starting with a letter or digit");
            }
            this.id = given;
            return;
        }
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
