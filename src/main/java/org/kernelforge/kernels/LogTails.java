package org.kernelforge.kernels;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import org.jboss.logging.Logger;
import org.kernelforge.platform.ReplicaStreams;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Live logs for any number of watchers on one thread: each version being watched has one tail, which reads the
 * new lines of its log file once per tick and hands them to all its watchers; one query per tick asks which of the
 * watched versions have ended, and those get the rest of their stored log and complete. A watcher gets every entry
 * from the first, whenever it came.
 * <p>
 * When the run starts on another replica whose log file cannot be read here, a page's stream ends (the page asks again
 * and is forwarded there), and an API stream goes on with that replica's stream of the version ({@link RunnerLog}),
 * skipping the entries it has sent already, until the run ends here in the database; should that replica's stream
 * break off, or the run move, it is followed again where the run is then.
 */
final class LogTails {

    private static final Logger LOG = Logger.getLogger(LogTails.class);
    static final long TICK_MILLIS = 250;
    /** At most this much of a log file is read for one version in one tick, so one loud kernel cannot hold the others up. */
    private static final int MAX_READ_BYTES = 4 << 20;

    /** The longest pause between two attempts to follow a runner's stream that broke off or could not be opened. */
    private static final long MAX_RETRY_MILLIS = 5_000;

    private final LogReader reader;
    private final LogBook book;
    private final ReplicaStreams streams;
    private final Map<Long, Tail> tails = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kernel-log-tails");
        t.setDaemon(true);
        return t;
    });

    LogTails(LogReader reader, LogBook book, ReplicaStreams streams) {
        this.reader = reader;
        this.book = book;
        this.streams = streams;
        ticker.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Every entry so far, then new ones as the kernel prints them; completes when the run ends, or with
     * {@code untilRunElsewhere} when the run started on another replica and nothing of it can be read here. With
     * {@code onRunner} (not null), the entries of a run on another replica come from its stream there.
     */
    Multi<LogBook.Entry> follow(long versionId, boolean untilRunElsewhere, RunnerLog onRunner) {
        return Multi.createFrom().emitter(emitter -> {
            Watcher watcher = new Watcher(emitter, untilRunElsewhere, onRunner);
            emitter.onTermination(watcher::leaveRunner);
            tails.compute(versionId, (id, tail) -> {
                Tail joined = tail == null ? new Tail(id) : tail;
                joined.watchers.add(watcher);
                return joined;
            });
        });
    }

    /** How many versions are being followed now (one reader each, whatever the number of watchers). */
    int followed() {
        return tails.size();
    }

    void shutdown() {
        ticker.shutdownNow();
        tails.values().forEach(tail -> tail.watchers.forEach(w -> {
            w.leaveRunner();
            w.emitter.complete();
        }));
        tails.clear();
    }

    private void tick() {
        try {
            if (tails.isEmpty()) {
                return;
            }
            LogReader.Watched watched = reader.watched(List.copyOf(tails.keySet()));
            for (Tail tail : List.copyOf(tails.values())) {
                try {
                    StoredLog log = watched.ended().get(tail.versionId);
                    if (log != null) {
                        finish(tail, log);
                    } else {
                        String runner = watched.runningElsewhere().get(tail.versionId);
                        if (runner != null && unreadableHere(tail)) {
                            releaseToTheRunner(tail);
                            followOnRunner(tail, runner);
                        } else {
                            tail.watchers.forEach(Watcher::leaveRunner);
                        }
                        advance(tail);
                    }
                } catch (Exception e) {
                    LOG.warnf("following the log of version %d failed: %s", tail.versionId, e.getMessage());
                    tails.remove(tail.versionId, tail);
                    tail.watchers.forEach(w -> w.fail(e));
                }
            }
        } catch (Exception e) {
            // the database out of reach for a moment: the next tick tries again
            LOG.debugf("log tails tick failed: %s", e.getMessage());
        }
    }

    /** New complete lines of the live file to every watcher; a tail nobody watches any more is dropped. */
    private void advance(Tail tail) throws IOException {
        tail.watchers.removeIf(w -> w.emitter.isCancelled());
        if (tails.computeIfPresent(tail.versionId, (id, t) -> t.watchers.isEmpty() ? null : t) == null) {
            return;
        }
        tail.read();
        for (Watcher watcher : tail.watchers) {
            watcher.send(tail.entries, tail.entries.size());
        }
    }

    /** Nothing of the run has been read here, nor can be (its log file is another replica's, out of reach). */
    private boolean unreadableHere(Tail tail) {
        return tail.offset == 0 && !Files.exists(book.readableFile(tail.versionId));
    }

    /**
     * The run started on another replica (it was queued when the stream opened here) and its log file is not readable
     * here: the watchers that asked for it are completed, so they ask again and are forwarded to the runner.
     */
    private void releaseToTheRunner(Tail tail) {
        for (Watcher watcher : tail.watchers) {
            if (watcher.untilRunElsewhere) {
                tail.watchers.remove(watcher);
                watcher.emitter.complete();
            }
        }
    }

    /** The watchers that go on with the runner's stream follow it (again, if it broke off or the run moved). */
    private void followOnRunner(Tail tail, String runner) {
        long now = System.currentTimeMillis();
        for (Watcher watcher : tail.watchers) {
            if (watcher.onRunner != null && !watcher.emitter.isCancelled()) {
                watcher.followOn(runner, now);
            }
        }
    }

    /** The run has ended: the stored log is the whole log; each watcher gets what it has not seen yet, then the end. */
    private void finish(Tail tail, StoredLog log) {
        tails.remove(tail.versionId, tail);
        List<LogBook.Entry> all = reader.stored(log);
        for (Watcher watcher : tail.watchers) {
            watcher.finish(all);
        }
    }

    /** One watched version: the entries of its live file read so far, and who watches it. */
    private final class Tail {
        final long versionId;
        final List<Watcher> watchers = new CopyOnWriteArrayList<>();
        final List<LogBook.Entry> entries = new ArrayList<>();
        long offset;

        Tail(long versionId) {
            this.versionId = versionId;
        }

        void read() throws IOException {
            Path file = book.readableFile(versionId);
            if (!Files.exists(file)) {
                return;
            }
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
                if (raf.length() <= offset) {
                    return;
                }
                raf.seek(offset);
                byte[] chunk = new byte[(int) Math.min(raf.length() - offset, MAX_READ_BYTES)];
                raf.readFully(chunk);
                int end = lastNewline(chunk);
                if (end >= 0) {
                    String text = new String(chunk, 0, end + 1, StandardCharsets.UTF_8);
                    entries.addAll(book.parse(List.of(text.split("\n"))));
                    offset += end + 1;
                }
            }
        }
    }

    /**
     * One stream: how many of its version's entries it has been sent, and the runner's stream it is following, if any.
     * Its entries come from the tick thread or, while it follows a runner, from that stream's Vert.x thread: one at a
     * time, under its lock.
     */
    private final class Watcher {
        final MultiEmitter<? super LogBook.Entry> emitter;
        final boolean untilRunElsewhere;
        final RunnerLog onRunner;
        int sent;
        private Following following;
        private int attempts;
        private long nextAttemptAt;

        Watcher(MultiEmitter<? super LogBook.Entry> emitter, boolean untilRunElsewhere, RunnerLog onRunner) {
            this.emitter = emitter;
            this.untilRunElsewhere = untilRunElsewhere;
            this.onRunner = onRunner;
        }

        /** Entries read here; not while the runner's stream supplies them. */
        synchronized void send(List<LogBook.Entry> entries, int upTo) {
            if (following != null) {
                return;
            }
            for (int i = Math.min(sent, upTo); i < upTo; i++) {
                emitter.emit(entries.get(i));
            }
            sent = Math.max(sent, upTo);
        }

        /** The run has ended: the stored log's entries not sent yet, then the end. */
        synchronized void finish(List<LogBook.Entry> all) {
            leaveRunner();
            if (!emitter.isCancelled()) {
                send(all, all.size());
                emitter.complete();
            }
        }

        synchronized void fail(Exception e) {
            leaveRunner();
            emitter.fail(e);
        }

        /** Follows the runner's stream of the version, unless it already does, or a failed attempt is too recent. */
        void followOn(String runner, long now) {
            Following next;
            synchronized (this) {
                if (following != null && following.runner.equals(runner)) {
                    return;
                }
                leaveRunner(); // the run moved to another replica
                if (now < nextAttemptAt) {
                    return;
                }
                next = new Following(runner);
                following = next;
            }
            Optional<ReplicaStreams.Stream> opened = Optional.empty();
            try {
                opened = streams.open(runner, onRunner.path(), onRunner.caller(), next);
            } catch (RuntimeException e) {
                LOG.debugf("could not follow the log on replica %s: %s", runner, e.getMessage());
            }
            synchronized (this) {
                if (opened.isEmpty()) {
                    if (following == next) {
                        retryLater(); // no fresh heartbeat (or no database): asked again on a later tick
                    }
                } else if (following == next) {
                    next.stream = opened.get();
                } else {
                    opened.get().close();
                }
            }
        }

        /** Stops following the runner's stream: entries come from here again. */
        synchronized void leaveRunner() {
            if (following != null) {
                if (following.stream != null) {
                    following.stream.close();
                }
                following = null;
            }
        }

        private void retryLater() {
            following = null;
            attempts++;
            nextAttemptAt = System.currentTimeMillis() + Math.min(MAX_RETRY_MILLIS, 500L * attempts);
        }

        /** One attempt at following the runner's stream, which sends the log from its first entry. */
        private final class Following implements ReplicaStreams.Events {
            final String runner;
            ReplicaStreams.Stream stream;
            private int received;

            Following(String runner) {
                this.runner = runner;
            }

            @Override
            public void data(String data) {
                synchronized (Watcher.this) {
                    if (following != this) {
                        return;
                    }
                    int index = received++;
                    if (index < sent) {
                        return; // sent already, from here or an earlier attempt
                    }
                    book.parse(List.of(data)).forEach(emitter::emit);
                    sent = index + 1;
                    attempts = 0;
                }
            }

            @Override
            public void ended(Throwable failure) {
                synchronized (Watcher.this) {
                    if (following == this) {
                        LOG.debugf("the log stream of replica %s %s", runner,
                                failure == null ? "ended" : "broke off: " + failure.getMessage());
                        retryLater();
                    }
                }
            }
        }
    }

    private static int lastNewline(byte[] chunk) {
        for (int i = chunk.length - 1; i >= 0; i--) {
            if (chunk[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
