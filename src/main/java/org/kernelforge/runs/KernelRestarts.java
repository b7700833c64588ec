package org.kernelforge.runs;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Whether a session's kernel answers, as its relay reports it ({@code restarting}, then {@code ready}), and the wait
 * of {@link LiveSession#restart} for the restart it asked for.
 */
final class KernelRestarts {

    private final Object lock = new Object();
    private boolean ready;
    private boolean pending;
    private long done;
    private boolean ended;

    /** The relay said {@code restarting}: the kernel does not answer until it is ready again. */
    void restarting() {
        synchronized (lock) {
            ready = false;
            pending = true;
        }
    }

    /** The relay said {@code ready}: the kernel answers; a restart under way is done. */
    void ready() {
        synchronized (lock) {
            ready = true;
            if (pending) {
                pending = false;
                done++;
            }
            lock.notifyAll();
        }
    }

    /** The session ended: nothing answers again, and a waiting restart fails. */
    void ended() {
        synchronized (lock) {
            ready = false;
            ended = true;
            lock.notifyAll();
        }
    }

    boolean isReady() {
        synchronized (lock) {
            return ready;
        }
    }

    /** A mark to wait from, taken before the restart is asked for. */
    long mark() {
        synchronized (lock) {
            return done;
        }
    }

    /** Waits until a restart after {@code mark} is done; fails when the session ends or {@code timeout} passes. */
    void awaitRestartAfter(long mark, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (done == mark) {
                if (ended) {
                    throw new IllegalStateException("The session ended before its kernel restarted");
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("The kernel did not restart within " + DockerLiveSession.readable(timeout));
                }
                try {
                    lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while the kernel restarted", e);
                }
            }
        }
    }
}
