package org.kernelforge.competitions;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.kernelforge.platform.Installation;
import org.kernelforge.runs.RunContainers;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scores submissions in the background, a few at a time. A submission waiting here is not queued
 * twice; one being scored when a rescore starts is queued again and scored with the new settings.
 * Pending submissions left by a restart are picked up at start.
 */
@ApplicationScoped
public class ScoringQueue {

    private static final Logger LOG = Logger.getLogger(ScoringQueue.class);

    private final SubmissionScorer scorer;
    private final CompetitionsConfig config;
    private final RunContainers containers;
    private final Installation installation;
    private final Set<Long> waiting = ConcurrentHashMap.newKeySet();
    private ExecutorService workers;

    ScoringQueue(SubmissionScorer scorer, CompetitionsConfig config, RunContainers containers, Installation installation) {
        this.scorer = scorer;
        this.config = config;
        this.containers = containers;
        this.installation = installation;
    }

    void start(@Observes StartupEvent event) {
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newFixedThreadPool(Math.max(1, config.scoringThreads()), r -> {
            Thread t = new Thread(r, "scoring-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        removeLeftoverContainers();
        List<Long> pending = QuarkusTransaction.requiringNew().call(Submission::pendingIds);
        pending.forEach(this::enqueue);
        if (!pending.isEmpty()) {
            LOG.infof("Scoring %d submissions left pending", pending.size());
        }
    }

    /** Scoring-program containers of this installation left by a restart; their submissions are still pending. */
    private void removeLeftoverContainers() {
        try {
            containers.findRunContainers().stream()
                    .filter(c -> installation.id().equals(c.labels().get(Installation.LABEL)))
                    .filter(c -> c.labels().containsKey(CustomScoring.SCORING_LABEL))
                    .forEach(c -> containers.remove(c.containerId()));
        } catch (RuntimeException e) {
            LOG.warnf("Could not look for leftover scoring containers: %s", e.getMessage());
        }
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        workers.shutdownNow();
        workers.awaitTermination(10, TimeUnit.SECONDS);
    }

    public void enqueue(long submissionId) {
        if (!waiting.add(submissionId)) {
            return;
        }
        workers.execute(() -> {
            waiting.remove(submissionId);
            try {
                scorer.score(submissionId);
            } catch (RuntimeException e) {
                LOG.errorf(e, "Could not record the scoring of submission %d", submissionId);
            }
        });
    }

    /** Every submission of the competition, scored again with its current solution and metric. */
    public long rescore(long competitionId) {
        List<Long> ids = QuarkusTransaction.requiringNew().call(() -> Submission.find(
                "select s.id from Submission s where s.competitionId = ?1 order by s.id", competitionId)
                .project(Long.class).list());
        ids.forEach(this::enqueue);
        return ids.size();
    }
}
