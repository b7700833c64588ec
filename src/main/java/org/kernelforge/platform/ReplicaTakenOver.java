package org.kernelforge.platform;

import java.nio.file.Path;

/**
 * Fired by the replica that took a dead one over ({@code kernels.ReplicaTakeover}), once its runs are followed here:
 * each feature removes what the dead replica left under its data dir (loop-mounted folders of scorings, say).
 *
 * @param leftBehind whether that data dir is nobody else's ({@link Replicas#leftBehind}); only then may it be touched
 */
public record ReplicaTakenOver(String replicaId, Path dataDir, boolean leftBehind) {
}
