package org.kernelforge.kernels;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.platform.ReplicaStreams;
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
import java.util.List;
import java.util.Map;

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

    public LogReader(LogBook book, BlobStore blobs, Replicas replicas, ReplicaStreams streams) {
        this.book = book;
        this.blobs = blobs;
        this.replicas = replicas;
        this.tails = new LogTails(this, book, streams);
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
     * versions are served by one thread ({@link LogTails}), not one each. While another replica runs the version and
     * its log file is not readable here, the entries come from that replica's stream ({@code onRunner}, when not null:
     * it is null for a request forwarded here, which goes no further).
     */
    Multi<LogBook.Entry> follow(long versionId, RunnerLog onRunner) {
        return tails.follow(versionId, false, onRunner);
    }

    /**
     * Every entry so far, then new ones as the kernel prints them; completes when the run ends, or as soon as the run
     * has started on another replica whose log file is not readable here (the caller asks again and is forwarded
     * there: the version page does).
     */
    Multi<LogBook.Entry> followUntilRunElsewhere(long versionId) {
        return tails.follow(versionId, true, null);
    }

    /**
     * What one tick of the live logs needs of the watched versions: who ended (with the stored log), who runs on
     * another replica (with that replica's id).
     */
    record Watched(Map<Long, StoredLog> ended, Map<Long, String> runningElsewhere) {
    }

    /** Of these versions, those that have ended (or are gone), with their stored logs, and those another replica runs: one query. */
    Watched watched(List<Long> versionIds) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Map<Long, StoredLog> ended = new HashMap<>();
            Map<Long, String> elsewhere = new HashMap<>();
            versionIds.forEach(id -> ended.put(id, StoredLog.NONE));
            String self = replicas.self();
            for (KernelVersion v : KernelVersion.<KernelVersion>list("id in ?1", versionIds)) {
                if (v.state().isFinal()) {
                    ended.put(v.id, new StoredLog(v.logText, v.logSha256));
                } else {
                    ended.remove(v.id);
                    if (v.state() == VersionStatus.RUNNING && v.claimedBy != null && !v.claimedBy.equals(self)) {
                        elsewhere.put(v.id, v.claimedBy);
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
