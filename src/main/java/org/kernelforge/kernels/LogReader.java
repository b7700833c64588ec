package org.kernelforge.kernels;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.storage.BlobStore;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Reads a version's log: the stored blob once the run has ended, the live file while it runs; and
 * streams it, following the live file until the run ends.
 */
@ApplicationScoped
public class LogReader {

    private static final long POLL_MILLIS = 250;

    private final LogBook book;
    private final BlobStore blobs;
    private final ExecutorService followers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "kernel-log-follower");
        t.setDaemon(true);
        return t;
    });

    public LogReader(LogBook book, BlobStore blobs) {
        this.book = book;
        this.blobs = blobs;
    }

    private record State(boolean finished, StoredLog log) {
    }

    List<LogBook.Entry> read(long versionId) {
        State state = state(versionId);
        if (state.finished()) {
            return stored(state.log());
        }
        Path file = book.file(versionId);
        try {
            return Files.exists(file) ? book.parse(Files.readAllLines(file)) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every entry so far, then new ones as the kernel prints them; completes when the run ends. */
    Multi<LogBook.Entry> follow(long versionId) {
        return Multi.createFrom().emitter(emitter -> followers.submit(() -> tail(versionId, emitter)));
    }

    private void tail(long versionId, MultiEmitter<? super LogBook.Entry> emitter) {
        long sent = 0;
        long offset = 0;
        try {
            while (!emitter.isCancelled()) {
                State state = state(versionId);
                if (state.finished()) {
                    List<LogBook.Entry> all = stored(state.log());
                    for (int i = (int) Math.min(sent, all.size()); i < all.size(); i++) {
                        emitter.emit(all.get(i));
                    }
                    emitter.complete();
                    return;
                }
                Path file = book.file(versionId);
                if (Files.exists(file)) {
                    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
                        if (raf.length() > offset) {
                            raf.seek(offset);
                            byte[] chunk = new byte[(int) Math.min(raf.length() - offset, 4 << 20)];
                            raf.readFully(chunk);
                            int end = lastNewline(chunk);
                            if (end >= 0) {
                                String text = new String(chunk, 0, end + 1, StandardCharsets.UTF_8);
                                for (LogBook.Entry entry : book.parse(List.of(text.split("\n")))) {
                                    emitter.emit(entry);
                                    sent++;
                                }
                                offset += end + 1;
                            }
                        }
                    }
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            emitter.complete();
        } catch (Exception e) {
            emitter.fail(e);
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

    private State state(long versionId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            KernelVersion v = KernelVersion.findById(versionId);
            return new State(v == null || v.state().isFinal(), v == null ? StoredLog.NONE : new StoredLog(v.logText, v.logSha256));
        });
    }

    private List<LogBook.Entry> stored(StoredLog log) {
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
