package org.kernelforge.kernels;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.kernelforge.platform.Installation;
import org.kernelforge.runs.LabelledContainer;
import org.kernelforge.runs.LocalEngine;
import org.kernelforge.runs.RunContainers;
import org.kernelforge.runs.RunDirectories;
import org.kernelforge.runs.RunEngine;
import org.kernelforge.runs.RunEngines;
import org.kernelforge.runs.WarmContainers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * After a restart, every version left running is matched with its container, by label, or by the container id
 * it recorded when it ran in a warm container: one still on the engine is resumed (followed if it runs,
 * finished if it exited); one that is gone fails as platform. Containers of versions that are not running any
 * more, and warm containers no run was handed, are removed.
 */
@ApplicationScoped
class RunReconciler {

    private static final Logger LOG = Logger.getLogger(RunReconciler.class);

    record Resumable(long versionId, String containerId) {
    }

    /** Versions to follow again, and versions that failed because their container was gone. */
    record Reconciliation(List<Resumable> resumable, List<Long> gone) {
    }

    private final RunContainers containers;
    private final VersionResults results;

    private final Installation installation;
    private final RunEngines engines;
    private final VersionFolders folders;
    private final LogBook logs;

    RunReconciler(RunContainers containers, VersionResults results, Installation installation, RunEngines engines,
                  VersionFolders folders, LogBook logs) {
        this.engines = engines;
        this.containers = containers;
        this.logs = logs;
        this.folders = folders;
        this.installation = installation;
        this.results = results;
    }

    /**
     * While the server runs, after the engine's outage: removes the containers of versions that are no longer
     * running (the runs the outage cut short, whose removal failed). Containers of running versions, and warm
     * containers, are their runs' and their pool's to remove.
     */
    int removeContainersOfFinishedVersions() {
        List<LabelledContainer> versionContainers = containers.findRunContainers().stream()
                .filter(c -> installation.id().equals(c.labels().get(Installation.LABEL)))
                .filter(c -> c.labels().containsKey(VersionRunSpecs.VERSION_LABEL))
                .toList();
        if (versionContainers.isEmpty()) {
            return 0;
        }
        Set<String> running = QuarkusTransaction.requiringNew().call(() -> KernelVersion.inState(VersionStatus.RUNNING))
                .stream().map(v -> "v" + v.id).collect(Collectors.toSet());
        int removed = 0;
        for (LabelledContainer container : versionContainers) {
            if (!running.contains(container.runId())) {
                LOG.infof("Removing container %s of run %s, which ended while the engine was away", container.name(),
                        container.runId());
                containers.removeOrRetryLater(container.containerId());
                removed++;
            }
        }
        return removed;
    }

    /** A version started on an engine other than the local one, with its job id recorded. */
    private static boolean onOtherEngine(KernelVersion version) {
        return version.engine != null && !LocalEngine.NAME.equals(version.engine) && version.containerId != null;
    }

    /** A job on an engine out of reach counts as there: following it again fails it as platform if it is not. */
    private RunEngine.JobState jobState(KernelVersion version) {
        try {
            return engines.named(version.engine).state(version.containerId);
        } catch (RuntimeException unreachable) {
            LOG.warnf("Could not ask the %s engine about version %d: %s", version.engine, version.id, unreachable.getMessage());
            return RunEngine.JobState.RUNNING;
        }
    }

    Reconciliation reconcile() {
        // kernel runs, and warm containers (labelled when nobody knew which version they would run)
        List<LabelledContainer> ours = containers.findRunContainers().stream()
                .filter(c -> installation.id().equals(c.labels().get(Installation.LABEL)))
                .filter(c -> c.labels().containsKey(VersionRunSpecs.VERSION_LABEL)
                        || c.labels().containsKey(WarmContainers.WARM_LABEL)
                        || c.labels().containsKey(VersionRunSpecs.RERUN_LABEL)) // reruns are asked for again // other runs (scoring) clean up their own
                .toList();
        Map<String, LabelledContainer> byRun = ours.stream().filter(c -> c.labels().containsKey(VersionRunSpecs.VERSION_LABEL))
                .collect(Collectors.toMap(LabelledContainer::runId, Function.identity(), (a, b) -> a));
        Map<String, LabelledContainer> warmById = ours.stream().filter(c -> c.labels().containsKey(WarmContainers.WARM_LABEL))
                .collect(Collectors.toMap(LabelledContainer::containerId, Function.identity()));
        List<KernelVersion> running = QuarkusTransaction.requiringNew().call(() -> KernelVersion.runningClaimedBy(installation.id()));
        // another replica may have taken over versions of this one while it was away: their containers are its now
        Set<String> runningElsewhere = QuarkusTransaction.requiringNew().call(() -> KernelVersion.inState(VersionStatus.RUNNING))
                .stream().map(v -> "v" + v.id).collect(Collectors.toSet());
        runningElsewhere.removeAll(byRunOf(running));
        List<Resumable> resumable = new ArrayList<>();
        List<Long> gone = new ArrayList<>();
        Set<String> matched = new HashSet<>();
        for (KernelVersion version : running) {
            if (onOtherEngine(version)) { // a swarm service, found by its job id rather than a local label
                if (jobState(version) != RunEngine.JobState.GONE) {
                    resumable.add(new Resumable(version.id, version.containerId));
                } else {
                    results.failPlatform(version.id, "The server restarted during this run and its swarm service was gone; commit again", null);
                    gone.add(version.id);
                }
                continue;
            }
            LabelledContainer container = byRun.get("v" + version.id);
            if (container == null && version.containerId != null) {
                container = warmById.get(version.containerId);
            }
            if (container != null) {
                matched.add(container.containerId());
                resumable.add(new Resumable(version.id, container.containerId()));
            } else {
                results.failPlatform(version.id, "The server restarted during this run and its container was gone; commit again", null);
                gone.add(version.id);
            }
        }
        for (LabelledContainer container : ours) {
            boolean takenOver = container.labels().containsKey(VersionRunSpecs.VERSION_LABEL)
                    && runningElsewhere.contains(container.runId());
            if (!matched.contains(container.containerId()) && !takenOver) {
                LOG.infof("Removing container %s (run %s), which no version is running", container.name(), container.runId());
                containers.remove(container.containerId());
            }
        }
        folders.removeLeftovers(() -> QuarkusTransaction.requiringNew().call(() -> KernelVersion.inState(VersionStatus.RUNNING))
                .stream().map(v -> "v" + v.id).collect(Collectors.toSet()));
        if (!running.isEmpty()) {
            LOG.infof("Reconciled %d running versions: %d resumed", running.size(), resumable.size());
        }
        return new Reconciliation(resumable, gone);
    }

    private static Set<String> byRunOf(List<KernelVersion> versions) {
        return versions.stream().map(v -> "v" + v.id).collect(Collectors.toSet());
    }

    /**
     * The versions of a silent replica, now this one's: each is followed in its container (labelled with that
     * replica's id, or the warm container it recorded) once its folder is moved into this replica's data dir (so
     * only a replica on the same host, or sharing the folder's file system, can take a run over); one whose
     * container or folder is gone fails as platform. That replica's other containers are removed.
     */
    Reconciliation takeOver(ReplicaTakeover.Handover handover) {
        List<LabelledContainer> theirs = containers.findRunContainers().stream()
                .filter(c -> handover.replica().equals(c.labels().get(Installation.LABEL)))
                .toList();
        Map<String, LabelledContainer> byRun = theirs.stream().filter(c -> c.labels().containsKey(VersionRunSpecs.VERSION_LABEL))
                .collect(Collectors.toMap(LabelledContainer::runId, Function.identity(), (a, b) -> a));
        Map<String, LabelledContainer> byId = theirs.stream()
                .collect(Collectors.toMap(LabelledContainer::containerId, Function.identity()));
        Path theirWork = VersionFolders.workRootIn(handover.dataDir());
        List<Resumable> resumable = new ArrayList<>();
        List<Long> gone = new ArrayList<>();
        Set<String> matched = new HashSet<>();
        for (long versionId : handover.versionIds()) {
            KernelVersion version = QuarkusTransaction.requiringNew().call(() -> KernelVersion.<KernelVersion>findById(versionId));
            String runId = "v" + versionId;
            LabelledContainer container = byRun.get(runId);
            if (container == null && version.containerId != null) {
                container = byId.get(version.containerId);
            }
            String jobId = null;
            if (onOtherEngine(version)) {
                // a swarm job stages its outputs through the object store: its folder here only receives them
                if (jobState(version) != RunEngine.JobState.GONE
                        && (moveFolder(theirWork.resolve(runId), folders.root(runId)) || emptyFolders(runId))) {
                    jobId = version.containerId;
                }
            } else if (container != null && moveFolder(theirWork.resolve(runId), folders.root(runId))) {
                matched.add(container.containerId());
                jobId = container.containerId();
            }
            if (jobId != null) {
                moveLog(LogBook.fileIn(handover.dataDir(), versionId), logs.file(versionId));
                resumable.add(new Resumable(versionId, jobId));
            } else {
                results.failPlatform(versionId, "The server replica running this version stopped and its run could not be "
                        + "taken over; commit again", null);
                gone.add(versionId);
            }
        }
        for (LabelledContainer container : theirs) {
            if (!matched.contains(container.containerId())) {
                LOG.infof("Removing container %s (run %s) of silent replica %s", container.name(), container.runId(), handover.replica());
                containers.remove(container.containerId());
            }
        }
        folders.removeReruns(handover.dataDir(), handover.replica()); // its own, whoever shares its data dir
        if (handover.leftBehind()) { // finished, cancelled or unfollowed versions' folders, warm containers'
            folders.removeAllOf(handover.dataDir());
        }
        folders.releasePreparedOf(handover.dataDir()); // its loop filesystems stay mounted otherwise
        LOG.infof("Took over %d versions of replica %s: %d followed", handover.versionIds().size(), handover.replica(), resumable.size());
        return new Reconciliation(resumable, gone);
    }

    /** The folders a followed run's outputs are unpacked into, made anew where the silent replica's are out of reach. */
    private boolean emptyFolders(String runId) {
        RunDirectories dirs = folders.existing(runId);
        try {
            Files.createDirectories(dirs.working());
            Files.createDirectories(dirs.platform());
            return true;
        } catch (IOException e) {
            LOG.warnf("Could not make the folders of run %s (%s)", runId, e.getMessage());
            return false;
        }
    }

    /** The log lines stored so far: following the container goes on after them. */
    private static void moveLog(Path from, Path to) {
        try {
            if (Files.exists(from) && !from.equals(to)) {
                Files.createDirectories(to.getParent());
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            LOG.warnf("Could not move log %s to %s (%s); the log is read from the container again", from, to, e.getMessage());
        }
    }

    /** The run's folder, moved (renamed: mounts beneath it move along) from the silent replica's data dir. */
    private static boolean moveFolder(Path from, Path to) {
        if (from.equals(to)) {
            return Files.isDirectory(to);
        }
        try {
            if (!Files.isDirectory(from)) {
                return false;
            }
            Files.createDirectories(to.getParent());
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            LOG.warnf("Could not move run folder %s to %s (%s)", from, to, e.getMessage());
            return false;
        }
    }
}
