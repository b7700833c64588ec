package org.kernelforge.kernels;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.kernelforge.runs.Cancellation;
import org.kernelforge.runs.DockerEngineWatch;
import org.kernelforge.runs.EngineReturned;
import org.kernelforge.runs.RunLimitsPolicy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The queue of versions waiting to run, persisted as their status: a dispatcher claims the next queued version
 * in fair order ({@link FairClaims}) whenever one of this replica's parallel slots is free. Scoring reruns wait in
 * the database too ({@link WaitingReruns}) and are claimed into free slots within their share ({@link SlotShares}).
 * Workers are daemon threads: a server that stops leaves its containers running, and the next start re-attaches to
 * them; when it does not come back, another replica takes its running versions over ({@link ReplicaTakeover}).
 */
@ApplicationScoped
public class RunQueue {

    private static final Logger LOG = Logger.getLogger(RunQueue.class);
    /** After accounts and seed data, before anyone can push. */
    static final int STARTUP_ORDER = 50;

    private final VersionExecution execution;
    private final KernelWarmContainers warmContainers;
    private final RunReconciler reconciler;
    private final VersionResults results;
    private final DockerEngineWatch engine;
    private final Semaphore slots;
    private final RerunExecution reruns;
    private final SlotShares shares;
    private final FairClaims claims;
    private final ReplicaTakeover takeover;
    private long nextTakeoverLook;
    private long nextCancelLook;
    private final WaitingReruns waitingReruns;
    private final AtomicInteger activeReruns = new AtomicInteger();
    private final AtomicInteger activeCommits = new AtomicInteger();
    private boolean lastWasRerun;
    private final Map<Long, Cancellation> active = new ConcurrentHashMap<>();
    private final Object signal = new Object();
    private final AtomicInteger threadNumber = new AtomicInteger();
    private final ExecutorService workers;
    private volatile boolean running;
    /** Whether the versions an earlier server left running were reconciled (deferred while the engine is away). */
    private volatile boolean reconciled;
    /** Set by {@link #wake()} under {@code signal}, so a wake-up between two looks is never lost. */
    private boolean woken;
    private Thread dispatcher;

    public RunQueue(VersionExecution execution, KernelWarmContainers warmContainers, RunReconciler reconciler,
                    VersionResults results, RunLimitsPolicy policy, RerunExecution reruns,
                    DockerEngineWatch engine, FairClaims claims, ReplicaTakeover takeover, WaitingReruns waitingReruns) {
        this.waitingReruns = waitingReruns;
        this.engine = engine;
        this.claims = claims;
        this.takeover = takeover;
        this.reruns = reruns;
        this.shares = new SlotShares(policy.maxParallel(), policy.rerunSlots());
        this.execution = execution;
        this.warmContainers = warmContainers;
        this.reconciler = reconciler;
        this.results = results;
        this.slots = new Semaphore(policy.maxParallel());
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "kernel-run-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    void onStart(@Observes @Priority(STARTUP_ORDER) StartupEvent event) {
        running = true;
        if (engine.reachable()) {
            reconcileAndResume();
        } else {
            LOG.warn("The Docker engine is out of reach at start; the versions left running are reconciled, and queued "
                    + "versions start, when it answers");
        }
        dispatcher = new Thread(this::dispatch, "kernel-run-dispatcher");
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    /** Matches the versions an earlier server left running with their containers, before any version is claimed. */
    private void reconcileAndResume() {
        RunReconciler.Reconciliation reconciliation = reconciler.reconcile();
        reconciliation.gone().forEach(execution::discardLeftovers);
        warmContainers.keepReady();
        for (RunReconciler.Resumable resumable : reconciliation.resumable()) {
            slots.acquireUninterruptibly();
            resume(resumable, true);
        }
        reconciled = true;
    }

    private void resume(RunReconciler.Resumable resumable, boolean holdsSlot) {
        activeCommits.incrementAndGet();
        submit(resumable.versionId(), holdsSlot, c -> execution.resume(resumable.versionId(), resumable.containerId(), c));
    }

    /**
     * Now and then: the running versions of replicas that stopped beating are taken over and followed here. They
     * already run, so they take no slot of this replica's (it runs more than its slots until they end).
     */
    private void takeOverSilentReplicas() {
        long now = System.currentTimeMillis();
        if (now < nextTakeoverLook) {
            return;
        }
        nextTakeoverLook = now + takeover.lookEveryMillis();
        try {
            RunReconciler.Reconciliation taken = takeover.takeOverSilentReplicas();
            taken.gone().forEach(execution::discardLeftovers);
            taken.resumable().forEach(r -> resume(r, false));
        } catch (RuntimeException e) {
            LOG.error("Taking over the versions of a silent replica failed; retrying", e);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        wake();
    }

    /** The runs the engine's outage cut short may have left their containers; queued versions can start again. */
    void onEngineReturned(@Observes EngineReturned returned) {
        reconciler.removeContainersOfFinishedVersions();
        wake();
    }

    /** Tells the dispatcher that a version was queued. */
    public void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    /** Cancels a queued or running version; false when it had already finished. */
    public boolean cancel(long versionId) {
        if (results.cancelQueued(versionId)) {
            return true;
        }
        if (results.isFinal(versionId)) {
            return false;
        }
        Cancellation cancellation = active.get(versionId);
        if (cancellation != null) {
            cancellation.cancel();
            return true;
        }
        // another replica runs it: that one sees the request within a second
        return results.requestCancel(versionId);
    }

    /** Cancels the versions running here that a request to another replica asked to cancel. */
    private void cancelRequestedElsewhere() {
        long now = System.currentTimeMillis();
        if (active.isEmpty() || now < nextCancelLook) {
            return;
        }
        nextCancelLook = now + 1000;
        try {
            for (long versionId : results.cancelRequested(List.copyOf(active.keySet()))) {
                Cancellation cancellation = active.get(versionId);
                if (cancellation != null) {
                    cancellation.cancel();
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not look for cancel requests of the versions running here; looking again in a second", e);
        }
    }

    private void dispatch() {
        while (running) {
            try {
                if (!reconciled) {
                    reconcileWhenEngineAnswers();
                    continue;
                }
                if (engine.reachable()) {
                    takeOverSilentReplicas();
                }
                cancelRequestedElsewhere();
                if (slots.tryAcquire(1, TimeUnit.SECONDS)) {
                    // while the engine is away versions and reruns stay queued, rather than fail one after the other
                    if (engine.reachable() && startNext()) {
                        continue;
                    }
                    slots.release();
                    synchronized (signal) {
                        // a push between the claim and here must not wait for the next poll
                        if (!woken) {
                            signal.wait(2000);
                        }
                        woken = false;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("The run queue could not claim the next version; retrying", e);
                slots.release();
                sleepQuietly();
            }
        }
    }

    /**
     * Gives the slot just taken to a commit or a rerun, by their shares; false when neither waits. The database is
     * asked whether a rerun waits only when a rerun may start here; a rerun another replica claimed first leaves
     * the slot to a commit.
     */
    private boolean startNext() {
        boolean rerunWaiting = shares.rerunMayStart(true, activeReruns.get()) && waitingReruns.waiting();
        boolean commitsFirst = shares.commitsFirst(rerunWaiting, activeReruns.get(), activeCommits.get(), lastWasRerun);
        if (commitsFirst && startCommit()) {
            return true;
        }
        if (shares.rerunMayStart(rerunWaiting, activeReruns.get()) && startRerun()) {
            return true;
        }
        return !commitsFirst && startCommit();
    }

    private boolean startCommit() {
        Optional<RunJob> next = claims.claimNext();
        if (next.isEmpty()) {
            return false;
        }
        RunJob job = next.get();
        lastWasRerun = false;
        activeCommits.incrementAndGet();
        submit(job.versionId(), true, c -> execution.run(job, c));
        return true;
    }

    private boolean startRerun() {
        Optional<WaitingReruns.Claimed> claimed = waitingReruns.claimNext();
        if (claimed.isEmpty()) {
            return false;
        }
        WaitingReruns.Claimed rerun = claimed.get();
        lastWasRerun = true;
        activeReruns.incrementAndGet();
        workers.submit(() -> {
            try {
                reruns.run(rerun.request(), rerun.listener(), new Cancellation());
            } catch (RuntimeException e) {
                LOG.errorf(e, "Scoring rerun %s ended unexpectedly", rerun.request().key());
            } finally {
                activeReruns.decrementAndGet();
                slots.release();
                wake();
            }
        });
        return true;
    }

    private void reconcileWhenEngineAnswers() throws InterruptedException {
        try {
            if (engine.reachable()) {
                reconcileAndResume();
                return;
            }
        } catch (RuntimeException e) {
            LOG.error("Reconciling the versions left running failed; retrying", e);
        }
        Thread.sleep(2000);
    }

    /** {@code holdsSlot}: the run took one of this replica's slots, given back when it ends. */
    private void submit(long versionId, boolean holdsSlot, java.util.function.Consumer<Cancellation> work) {
        Cancellation cancellation = new Cancellation();
        active.put(versionId, cancellation);
        workers.submit(() -> {
            try {
                work.accept(cancellation);
            } catch (RuntimeException e) {
                LOG.errorf(e, "Run of version %d ended unexpectedly", versionId);
            } finally {
                active.remove(versionId);
                activeCommits.decrementAndGet();
                if (holdsSlot) {
                    slots.release();
                }
                wake();
            }
        });
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
