package org.kernelforge.kernels;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.kernelforge.runs.RunEngines;
import org.kernelforge.runs.WarmContainer;
import org.kernelforge.runs.WarmContainers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The warm containers kernel versions use: kept ready in the default shape (the default environment's image by digest,
 * and limits), and taken by a version of exactly that shape whose image is the one it pinned at commit: a container of
 * other bits never serves it, whatever a tag names. Versions with internet or a GPU never take one.
 */
@ApplicationScoped
class KernelWarmContainers {

    private static final Logger LOG = Logger.getLogger(KernelWarmContainers.class);

    private final WarmContainers pool;
    private final VersionRunSpecs specs;
    private final VersionFolders folders;
    private final RunEngines engines;

    KernelWarmContainers(WarmContainers pool, VersionRunSpecs specs, VersionFolders folders, RunEngines engines) {
        this.engines = engines;
        this.pool = pool;
        this.specs = specs;
        this.folders = folders;
    }

    /** Keeps containers of the default shape ready (after reconciliation removed those of an earlier start). */
    void keepReady() {
        if (!engines.isLocal()) {
            return; // runs go to another engine: containers kept ready here would never be taken
        }
        pool.keepReady(specs.defaultShape(), folders.workRoot(), specs.warmLabels());
    }

    /** A warm container of the version's shape, its folder renamed to the version's; none when none fits. */
    Optional<WarmContainer> take(RunJob job) {
        if (job.internet() || job.gpu()) {
            return Optional.empty();
        }
        Optional<WarmContainer> warm = pool.take(specs.shape(job), job.imageDigest());
        if (warm.isEmpty()) {
            return warm;
        }
        Path root = folders.root(job.runId());
        try {
            return Optional.of(warm.get().movedTo(root));
        } catch (IOException e) {
            LOG.warnf("Could not move the folder of warm container %s to %s (%s); the run creates its own container",
                    warm.get().containerId(), root, e.getMessage());
            pool.discard(warm.get());
            return Optional.empty();
        }
    }
}
