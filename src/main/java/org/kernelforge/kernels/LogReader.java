package org.kernelforge.kernels;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.platform.Replicas;
import org.kernelforge.storage.BlobStore;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a version's log: the stored blob once the run has ended, the live file while it runs; and
 * streams it, following the live file until the run ends.
 */
@ApplicationScoped
public class LogReader {

    private final LogBook book;
    private final BlobStore blobs;
    private final LogTails tails;
    private final Replicas replicas;

    public LogReader(LogBook book, BlobStore blobs, Replicas replicas) {
        this.book = book;
        this.blobs = blobs;
        this.replicas = replicas;
        this.tails = new LogTails(this, book);
    }

    private record State(boolean finished, StoredLog log) {
    }

    List<LogBook.Entry> read(long versionId) {
        State state = state(versionId);
        if (state.finished()) {
            return stored(state.log());
        }
        Path file = book.readableFile(versionId);
        try {
            return Files.exists(file) ? book.parse(Files.readAllLines(file)) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every entry so far, then new ones as the kernel prints them; completes when the run ends. All streams of all
     * versions are served by one thread ({@link LogTails}), not one each.
     */
    Multi<LogBook.Entry> follow(long versionId) {
        return tails.follow(versionId, false);
    }

    /**
     * Every entry so far, then new ones as the kernel prints them; completes when the run ends, or, with
     * {@code untilRunElsewhere}, as soon as the run has started on another replica whose log file is not readable here
     * (the caller asks again and is forwarded there: the version page does).
     */
    Multi<LogBook.Entry> follow(long versionId, boolean untilRunElsewhere) {
        return tails.follow(versionId, untilRunElsewhere);
    }

    /** What one tick of the live logs needs of the watched versions: who ended (with the stored log), who runs elsewhere. */
    record Watched(Map<Long, StoredLog> ended, Set<Long> runningElsewhere) {
    }

    /** Of these versions, those that have ended (or are gone), with their stored logs, and those another replica runs: one query. */
    Watched watched(List<Long> versionIds) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Map<Long, StoredLog> ended = new HashMap<>();
            Set<Long> elsewhere = new HashSet<>();
            versionIds.forEach(id -> ended.put(id, StoredLog.NONE));
            String self = replicas.self();
            for (KernelVersion v : KernelVersion.<KernelVersion>list("id in ?1", versionIds)) {
                if (v.state().isFinal()) {
                    ended.put(v.id, new StoredLog(v.logText, v.logSha256));
                } else {
                    ended.remove(v.id);
                    if (v.state() == VersionStatus.RUNNING && v.claimedBy != null && !v.claimedBy.equals(self)) {
                        elsewhere.add(v.id);
                    }
                }
            }
            return new Watched(ended, elsewhere);
        });
    }

    @PreDestroy
    void stop() {
        tails.shutdown();
    }

    private State state(long versionId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            KernelVersion v = KernelVersion.findById(versionId);
            return new State(v == null || v.state().isFinal(), v == null ? StoredLog.NONE : new StoredLog(v.logText, v.logSha256));
        });
    }

    List<LogBook.Entry> stored(StoredLog log) {
        if (log.text() != null) {
            return book.parse(log.text().lines().toList());
        }
        if (log.sha256() == null) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        try (InputStream in = blobs.open(log.sha256());
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                lines.add(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return book.parse(lines);
    }
}
