package org.kernelforge.kernels;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 */
final class LogTails {

    private static final Logger LOG = Logger.getLogger(LogTails.class);
    static final long TICK_MILLIS = 250;
    /** At most this much of a log file is read for one version in one tick, so one loud kernel cannot hold the others up. */
    private static final int MAX_READ_BYTES = 4 << 20;

    private final LogReader reader;
    private final LogBook book;
    private final Map<Long, Tail> tails = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kernel-log-tails");
        t.setDaemon(true);
        return t;
    });

    LogTails(LogReader reader, LogBook book) {
        this.reader = reader;
        this.book = book;
        ticker.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Every entry so far, then new ones as the kernel prints them; completes when the run ends, or with
     * {@code untilRunElsewhere} when the run started on another replica and nothing of it can be read here.
     */
    Multi<LogBook.Entry> follow(long versionId, boolean untilRunElsewhere) {
        return Multi.createFrom().emitter(emitter -> {
            Watcher watcher = new Watcher(emitter, untilRunElsewhere);
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
        tails.values().forEach(tail -> tail.watchers.forEach(w -> w.emitter.complete()));
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
                        if (watched.runningElsewhere().contains(tail.versionId)) {
                            releaseToTheRunner(tail);
                        }
                        advance(tail);
                    }
                } catch (Exception e) {
                    LOG.warnf("following the log of version %d failed: %s", tail.versionId, e.getMessage());
                    tails.remove(tail.versionId, tail);
                    tail.watchers.forEach(w -> w.emitter.fail(e));
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

    /**
     * The run started on another replica (it was queued when the stream opened here) and its log file is not readable
     * here: the watchers that asked for it are completed, so they ask again and are forwarded to the runner.
     */
    private void releaseToTheRunner(Tail tail) {
        if (tail.offset > 0 || Files.exists(book.readableFile(tail.versionId))) {
            return;
        }
        for (Watcher watcher : tail.watchers) {
            if (watcher.untilRunElsewhere) {
                tail.watchers.remove(watcher);
                watcher.emitter.complete();
            }
        }
    }

    /** The run has ended: the stored log is the whole log; each watcher gets what it has not seen yet, then the end. */
    private void finish(Tail tail, StoredLog log) {
        tails.remove(tail.versionId, tail);
        List<LogBook.Entry> all = reader.stored(log);
        for (Watcher watcher : tail.watchers) {
            if (!watcher.emitter.isCancelled()) {
                watcher.send(all, all.size());
                watcher.emitter.complete();
            }
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

    /** One stream: how many of its version's entries it has been sent. */
    private static final class Watcher {
        final MultiEmitter<? super LogBook.Entry> emitter;
        final boolean untilRunElsewhere;
        int sent;

        Watcher(MultiEmitter<? super LogBook.Entry> emitter, boolean untilRunElsewhere) {
            this.emitter = emitter;
            this.untilRunElsewhere = untilRunElsewhere;
        }

        void send(List<LogBook.Entry> entries, int upTo) {
            for (int i = Math.min(sent, upTo); i < upTo; i++) {
                emitter.emit(entries.get(i));
            }
            sent = Math.max(sent, upTo);
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
