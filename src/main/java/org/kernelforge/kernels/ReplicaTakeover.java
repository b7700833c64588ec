package org.kernelforge.kernels;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import org.jboss.logging.Logger;
import org.kernelforge.platform.ReplicaTakenOver;
import org.kernelforge.platform.Replicas;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Takes over the running versions of a replica whose heartbeat stopped: exactly once, since the silent replica's
 * row is locked ({@code FOR UPDATE SKIP LOCKED}) and deleted, and its versions are moved to this replica, in one
 * transaction. Then each version is re-attached to its container, or fails as platform when that is gone
 * ({@link RunReconciler#takeOver}).
 */
@ApplicationScoped
class ReplicaTakeover {

    private static final Logger LOG = Logger.getLogger(ReplicaTakeover.class);

    /**
     * What a silent replica left: its id, its data dir, and the versions it was running.
     *
     * @param leftBehind whether its data dir is nobody else's ({@link Replicas#leftBehind}): then what it left there
     *                   is removed
     */
    record Handover(String replica, Path dataDir, List<Long> versionIds, boolean leftBehind) {
    }

    private final Replicas replicas;
    private final RunReconciler reconciler;
    private final Event<ReplicaTakenOver> takenOver;

    ReplicaTakeover(Replicas replicas, RunReconciler reconciler, Event<ReplicaTakenOver> takenOver) {
        this.replicas = replicas;
        this.reconciler = reconciler;
        this.takenOver = takenOver;
    }

    long lookEveryMillis() {
        return replicas.lookEveryMillis();
    }

    RunReconciler.Reconciliation takeOverSilentReplicas() {
        List<Replicas.Replica> silent = QuarkusTransaction.requiringNew().call(replicas::silent);
        List<RunReconciler.Resumable> resumable = new ArrayList<>();
        List<Long> gone = new ArrayList<>();
        for (Replicas.Replica replica : silent) {
            Optional<Handover> handover = QuarkusTransaction.requiringNew().call(() -> handOver(replica.id()));
            if (handover.isPresent()) {
                RunReconciler.Reconciliation taken = reconciler.takeOver(handover.get());
                resumable.addAll(taken.resumable());
                gone.addAll(taken.gone());
                takenOver.fire(new ReplicaTakenOver(replica.id(), handover.get().dataDir()));
            }
        }
        return new RunReconciler.Reconciliation(resumable, gone);
    }

    private Optional<Handover> handOver(String replicaId) {
        Optional<Replicas.Replica> claimed = replicas.claimSilent(replicaId);
        if (claimed.isEmpty()) {
            return Optional.empty();
        }
        List<Long> versions = KernelVersion.<KernelVersion>list("status = ?1 and claimedBy = ?2", VersionStatus.RUNNING, replicaId)
                .stream().map(v -> v.id).toList();
        KernelVersion.update("claimedBy = ?1 where claimedBy = ?2 and status = ?3", replicas.self(), replicaId, VersionStatus.RUNNING);
        LOG.warnf("Replica %s stopped beating (last %s); this replica (%s) takes over its %d running versions",
                replicaId, claimed.get().heartbeatAt(), replicas.self(), versions.size());
        return Optional.of(new Handover(replicaId, claimed.get().dataDir(), versions,
                replicas.leftBehind(claimed.get().dataDir())));
    }
}
