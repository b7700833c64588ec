package org.kernelforge.kernels;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.kernelforge.platform.Installation;
import org.kernelforge.runs.LabelledContainer;
import org.kernelforge.runs.RunContainers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * After a restart, every version left running is matched with its container by label: one still on
 * the engine is resumed (followed if it runs, finished if it exited); one that is gone fails as
 * platform. Containers of versions that are not running any more are removed.
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

    RunReconciler(RunContainers containers, VersionResults results, Installation installation) {
        this.containers = containers;
        this.installation = installation;
        this.results = results;
    }

    Reconciliation reconcile() {
        Map<String, LabelledContainer> byRun = containers.findRunContainers().stream()
                .filter(c -> installation.id().equals(c.labels().get(Installation.LABEL)))
                .filter(c -> c.labels().containsKey(VersionExecution.VERSION_LABEL)) // other runs (scoring) clean up their own
                .collect(Collectors.toMap(LabelledContainer::runId, Function.identity(), (a, b) -> a));
        List<Long> running = QuarkusTransaction.requiringNew().call(() ->
                KernelVersion.inState(VersionStatus.RUNNING).stream().map(v -> v.id).toList());
        List<Resumable> resumable = new ArrayList<>();
        List<Long> gone = new ArrayList<>();
        for (long id : running) {
            LabelledContainer container = byRun.remove("v" + id);
            if (container != null) {
                resumable.add(new Resumable(id, container.containerId()));
            } else {
                results.failPlatform(id, "The server restarted during this run and its container was gone; commit again", null);
                gone.add(id);
            }
        }
        Set<String> orphans = byRun.keySet();
        for (String runId : orphans) {
            LOG.infof("Removing container of run %s, which no version is running", runId);
            containers.remove(byRun.get(runId).containerId());
        }
        if (!resumable.isEmpty() || !running.isEmpty()) {
            LOG.infof("Reconciled %d running versions: %d resumed", running.size(), resumable.size());
        }
        return new Reconciliation(resumable, gone);
    }
}
