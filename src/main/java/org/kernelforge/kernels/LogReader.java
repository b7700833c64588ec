package org.kernelforge.kernels;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
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

    public LogReader(LogBook book, BlobStore blobs) {
        this.book = book;
        this.blobs = blobs;
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
        return tails.follow(versionId);
    }

    /** Of these versions, those that have ended (or are gone), with their stored logs: one query. */
    Map<Long, StoredLog> ended(List<Long> versionIds) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Map<Long, StoredLog> ended = new HashMap<>();
            versionIds.forEach(id -> ended.put(id, StoredLog.NONE));
            for (KernelVersion v : KernelVersion.<KernelVersion>list("id in ?1", versionIds)) {
                if (v.state().isFinal()) {
                    ended.put(v.id, new StoredLog(v.logText, v.logSha256));
                } else {
                    ended.remove(v.id);
                }
            }
            return ended;
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
