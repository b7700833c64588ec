package org.kernelforge.competitions;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.kernelforge.platform.Installation;
import org.kernelforge.platform.PlatformConfig;
import org.kernelforge.platform.ReplicaTakenOver;
import org.kernelforge.runs.RunContainers;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scores submissions in the background, a few at a time on each server replica. The queue is in the database
 * ({@link ScoringClaims}), shared by the replicas: each scoring thread claims the submission waiting longest, so a
 * submission is scored by one replica, once; one asked for again while it is being scored is scored once more with
 * the new settings. A thread with nothing to do looks again when this replica queues work, or after a second for
 * work other replicas queued or left behind.
 */
@ApplicationScoped
public class ScoringQueue {

    private static final Logger LOG = Logger.getLogger(ScoringQueue.class);
    private static final long POLL_MILLIS = 1000;

    private final SubmissionScorer scorer;
    private final ScoringClaims claims;
    private final CompetitionsConfig config;
    private final RunContainers containers;
    private final Installation installation;
    private final UnrecordedEnds unrecorded;
    private final CustomScoring custom;
    private final Path dataDir;
    private final Object signal = new Object();
    /** Raised by every {@link #wake()}: a thread that saw it unchanged since its last look has missed nothing. */
    private long wakeUps;
    private volatile boolean running;
    private volatile boolean claimFailing;
    private ExecutorService workers;

    ScoringQueue(SubmissionScorer scorer, ScoringClaims claims, CompetitionsConfig config, RunContainers containers,
                 Installation installation, UnrecordedEnds unrecorded, CustomScoring custom, PlatformConfig platform) {
        this.unrecorded = unrecorded;
        this.custom = custom;
        this.dataDir = platform.dataDir();
        this.scorer = scorer;
        this.claims = claims;
        this.config = config;
        this.containers = containers;
        this.installation = installation;
    }

    void start(@Observes StartupEvent event) {
        removeLeftoverContainers();
        custom.removeLeftoversOf(dataDir, installation.id());
        running = true;
        int threads = Math.max(1, config.scoringThreads());
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "scoring-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < threads; i++) {
            workers.execute(this::work);
        }
    }

    /**
     * Scoring-program containers this replica left when it stopped (labelled with its id; other replicas' are
     * theirs); their submissions were freed for the next claim at start ({@link ScoringClaims}).
     */
    void removeLeftoverContainers() {
        try {
            containers.findRunContainers().stream()
                    .filter(c -> installation.id().equals(c.labels().get(Installation.LABEL)))
                    .filter(c -> c.labels().containsKey(CustomScoring.SCORING_LABEL))
                    .forEach(c -> containers.remove(c.containerId()));
        } catch (RuntimeException e) {
            LOG.warnf("Could not look for leftover scoring containers: %s", e.getMessage());
        }
    }

    /** A dead replica's scoring containers are gone with it (removed by label); its folders go too. */
    void onReplicaTakenOver(@Observes ReplicaTakenOver takenOver) {
        custom.removeLeftoversOf(takenOver.dataDir(), takenOver.replicaId());
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (workers != null) {
            workers.shutdownNow();
            workers.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** Queues the submission for scoring (in its own transaction) and tells this replica's threads. */
    public void enqueue(long submissionId) {
        claims.requestScoring(submissionId);
        wake();
    }

    /** Every submission of the competition, scored again with its current solution and metric. */
    public long rescore(long competitionId) {
        int count = claims.requestScoringOfCompetition(competitionId);
        wake();
        return count;
    }

    /** Work was queued here: idle threads look now. */
    void wake() {
        synchronized (signal) {
            wakeUps++;
            signal.notifyAll();
        }
    }

    private void work() {
        while (running) {
            long seen;
            synchronized (signal) {
                seen = wakeUps;
            }
            Optional<Long> claimed;
            try {
                unrecorded.releaseWaiting();
                claimed = claims.claimScoring();
                claimFailing = false;
            } catch (RuntimeException e) {
                if (!claimFailing) { // once per outage of the database, not every second
                    LOG.warnf("Could not claim a submission to score: %s; looking again every second", e.getMessage());
                }
                claimFailing = true;
                claimed = Optional.empty();
            }
            if (claimed.isPresent()) {
                score(claimed.get());
                continue;
            }
            try {
                synchronized (signal) {
                    if (wakeUps == seen) {
                        signal.wait(POLL_MILLIS);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** A scoring that could not record its end, even after waiting for the database, lets go of its claim. */
    private void score(long submissionId) {
        try {
            scorer.score(submissionId, claims.self());
        } catch (RuntimeException e) {
            unrecorded.scoring(submissionId, e);
            wake();
        }
    }
}
