package org.kernelforge.runs;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The host side of containers made ahead of time ({@link WarmContainers} for runs, {@link SessionWarmPool} for
 * sessions): each has a folder, {@code <prefix><server pid>-<n>} under one parent, holding what is mounted into it.
 * The one place that removes a container made only halfway, a slot that is done with, and the folders that an
 * earlier server process left (its containers are removed by label).
 */
final class WarmSlots {

    private static final Logger LOG = Logger.getLogger(WarmSlots.class);

    private final String prefix;
    private final String what;
    private final WorkingDirectories directories;
    private final RunContainers containers;
    private final AtomicLong names = new AtomicLong();

    /** {@code what} names the containers in log lines ("warm container"). */
    WarmSlots(String prefix, String what, WorkingDirectories directories, RunContainers containers) {
        this.prefix = prefix;
        this.what = what;
        this.directories = directories;
        this.containers = containers;
    }

    /** The folder of a new slot under {@code parent} (not created yet); its file name is the slot's name. */
    Path newRoot(Path parent) {
        return parent.resolve(prefix + ProcessHandle.current().pid() + "-" + names.incrementAndGet());
    }

    /**
     * Undoes a slot that failed while it was made: its container when it was created ({@code containerId} not null,
     * removed in the background) and its folder. A failure to clean up is added to {@code failure}, which the caller
     * rethrows.
     */
    void removeHalfMade(String containerId, Path root, Exception failure) {
        if (containerId != null) {
            containers.removeInBackground(containerId);
        }
        try {
            directories.removeRunFolder(root);
        } catch (IOException | RuntimeException cleanup) {
            failure.addSuppressed(cleanup);
        }
    }

    /** Removes a slot that is done with: its container, then its folder with what was mounted in it (logged on failure). */
    void remove(String containerId, Path root) {
        containers.removeOrRetryLater(containerId);
        removeFolder(root);
    }

    /** Unmounts everything under a slot's folder and deletes it (never what was mounted: a session's own files stay). */
    void removeFolder(Path root) {
        try {
            directories.removeRunFolder(root);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Could not clean the folder %s of a %s: %s", root, what, e.getMessage());
        }
    }

    /** The slot folders under {@code parent} that another server process made (this one's are in use). */
    void removeLeftovers(Path parent) {
        if (!Files.isDirectory(parent)) {
            return;
        }
        String own = prefix + ProcessHandle.current().pid() + "-";
        try (DirectoryStream<Path> slots = Files.newDirectoryStream(parent, prefix + "*")) {
            for (Path slot : slots) {
                if (!slot.getFileName().toString().startsWith(own)) {
                    directories.removeRunFolder(slot);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Could not remove the folders of earlier %ss under %s: %s", what, parent, e.getMessage());
        }
    }
}
