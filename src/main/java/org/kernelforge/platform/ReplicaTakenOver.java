package org.kernelforge.platform;

import java.nio.file.Path;

/**
 * Fired by the replica that took a dead one over ({@code kernels.ReplicaTakeover}), once its runs are followed here:
 * each feature removes what the dead replica left in its own folders under that data dir (on this host).
 */
public record ReplicaTakenOver(String replicaId, Path dataDir) {
}
