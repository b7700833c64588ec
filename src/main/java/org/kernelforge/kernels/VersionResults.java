package org.kernelforge.kernels;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.kernelforge.platform.ServiceOutages;
import org.kernelforge.runs.FailureKind;
import org.kernelforge.runs.RunOutcome;

import org.kernelforge.runs.HostPaths;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Writes a version's run state, each transition in its own short transaction and only once. */
@ApplicationScoped
class VersionResults {

    /**
     * What capture stored: the output manifest and the platform files, by content hash.
     *
     * @param tooManyFiles the limit on output files when the run left more (then no output is kept), else null
     * @param startedAt    when capture began: the manifest is recorded before its time is taken
     */
    record Capture(List<KernelVersionOutput.Row> outputs, StoredLog log, String notebookSha256, String htmlSha256,
                   Integer tooManyFiles, Instant startedAt) {
    }

    /**
     * The engine's job and start, while the version runs. These writes come from a bookkeeping thread, possibly after
     * the run has ended and its result is stored: each updates its own columns only, in one statement, so it can never
     * write back the running state it saw before the result (a loaded entity would be written whole, status included,
     * and the version would stay running for ever with nothing logged).
     */
    void started(long versionId, String engine, String containerId, Instant startedAt) {
        QuarkusTransaction.requiringNew().run(() -> KernelVersion.update(
                "engine = ?1, containerId = ?2, startedAt = ?3 where id = ?4 and status = ?5",
                engine, containerId, startedAt, versionId, VersionStatus.RUNNING));
    }

    /** The node the engine placed the version's run on (one column, as {@link #started}). */
    void placed(long versionId, String node) {
        QuarkusTransaction.requiringNew().run(() -> KernelVersion.update("node = ?1 where id = ?2", node, versionId));
    }

    /**
     * The run's result. The row is locked while it is read ({@link #lockedForResult}): another replica's result for the
     * same version waits and then finds it final, and a bookkeeping write waits instead of interleaving.
     */
    void finish(long versionId, RunOutcome outcome, Capture capture) {
        ServiceOutages.retryWhileDatabaseDown(() -> QuarkusTransaction.requiringNew().run(() -> {
            KernelVersion v = lockedForResult(versionId);
            if (v == null || v.state().isFinal()) {
                return;
            }
            v.exitCode = outcome.exitCode() < 0 ? null : outcome.exitCode();
            if (outcome.startedAt() != null) {
                v.startedAt = outcome.startedAt();
            }
            v.finishedAt = outcome.finishedAt() == null ? Instant.now() : outcome.finishedAt();
            v.containerId = outcome.containerId();
            FailureKind failure = outcome.failure();
            if (failure == null) {
                v.status = VersionStatus.COMPLETE;
            } else {
                v.status = failure == FailureKind.CANCELLED ? VersionStatus.CANCELLED : VersionStatus.ERROR;
                v.failureKind = failure.id();
                v.failureMessage = truncate(outcome.message());
                if (outcome.location() != null) {
                    v.failureCell = outcome.location().cell();
                    v.failureLine = outcome.location().line();
                }
            }
            if (capture != null) {
                capture.log().applyTo(v);
                v.notebookSha256 = capture.notebookSha256();
                v.notebookHtmlSha256 = capture.htmlSha256();
                v.outputCount = capture.outputs().size();
                v.outputBytes = capture.outputs().stream().mapToLong(KernelVersionOutput.Row::size).sum();
                KernelVersionOutput.insertAll(versionId, capture.outputs());
                v.captureMillis = Duration.between(capture.startedAt(), Instant.now()).toMillis();
            }
        }));
    }

    /** A platform failure before or after the run: the user's fault in none of these. */
    void failPlatform(long versionId, String message, StoredLog log) {
        ServiceOutages.retryWhileDatabaseDown(() -> QuarkusTransaction.requiringNew().run(() -> {
            KernelVersion v = lockedForResult(versionId);
            if (v == null || v.state().isFinal()) {
                return;
            }
            v.status = VersionStatus.ERROR;
            v.failureKind = FailureKind.PLATFORM.id();
            v.failureMessage = truncate(message);
            v.finishedAt = Instant.now();
            if (log != null) {
                log.applyTo(v);
            }
        }));
    }

    /** Asks the replica running a version to cancel it; false when it is not running. */
    boolean requestCancel(long versionId) {
        return QuarkusTransaction.requiringNew().call(() -> KernelVersion.update(
                "cancelRequested = true where id = ?1 and status = ?2", versionId, VersionStatus.RUNNING) == 1);
    }

    /** Of these running versions, those someone asked to cancel. */
    List<Long> cancelRequested(List<Long> versionIds) {
        return QuarkusTransaction.requiringNew().call(() -> KernelVersion.<KernelVersion>list(
                "id in ?1 and cancelRequested = true and status = ?2", versionIds, VersionStatus.RUNNING)
                .stream().map(v -> v.id).toList());
    }

    /** Moves a queued version to cancelled; false if it already left the queue. */
    boolean cancelQueued(long versionId) {
        return QuarkusTransaction.requiringNew().call(() -> KernelVersion.update(
                "status = ?1, failureKind = ?2, failureMessage = ?3, finishedAt = ?4, cancelRequested = true where id = ?5 and status = ?6",
                VersionStatus.CANCELLED, FailureKind.CANCELLED.id(), "Cancelled before it started",
                Instant.now(), versionId, VersionStatus.QUEUED) == 1);
    }

    boolean isFinal(long versionId) {
        return QuarkusTransaction.requiringNew().call(() -> KernelVersion.<KernelVersion>findByIdOptional(versionId)
                .map(v -> v.state().isFinal()).orElse(true));
    }

    /** The version read under a row lock (select ... for update) until the transaction ends. */
    private static KernelVersion lockedForResult(long versionId) {
        return KernelVersion.findById(versionId, LockModeType.PESSIMISTIC_WRITE);
    }

    private static String truncate(String message) {
        if (message == null) {
            return null;
        }
        message = HostPaths.hidden(message);
        return message.length() > 2000 ? message.substring(0, 1997) + "..." : message;
    }
}
