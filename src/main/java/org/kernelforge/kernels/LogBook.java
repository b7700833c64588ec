package org.kernelforge.kernels;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.platform.PlatformConfig;
import org.kernelforge.platform.Replicas;
import org.kernelforge.runs.LogLine;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The log of a running version, one JSON line per printed line in Kaggle's shape
 * ({@code stream_name}, {@code time}, {@code data}), appended to a file under the data dir so a
 * reader (or a live stream) can follow it. When the run ends the file becomes a blob of the version.
 */
@ApplicationScoped
public class LogBook {

    /** One log line as the API and the Kaggle client see it. */
    public record Entry(@JsonProperty("stream_name") String streamName, double time, String data) {
    }

    private final Path root;
    private final ObjectMapper json;
    private final Replicas replicas;
    private final Map<Long, BufferedWriter> open = new ConcurrentHashMap<>();
    /** Live logs other replicas write, by version. */
    private final Map<Long, Path> elsewhere = new ConcurrentHashMap<>();
    private final Map<Long, Long> notFoundUntil = new ConcurrentHashMap<>();

    public LogBook(PlatformConfig platform, ObjectMapper json, Replicas replicas) {
        this.replicas = replicas;
        this.root = platform.dataDir().toAbsolutePath().resolve("runs").resolve("logs");
        this.json = json;
    }

    public Path file(long versionId) {
        return root.resolve(versionId + ".log.jsonl");
    }

    /** Where a server with this data dir writes the live log of a version. */
    static Path fileIn(Path dataDir, long versionId) {
        return dataDir.toAbsolutePath().resolve("runs").resolve("logs").resolve(versionId + ".log.jsonl");
    }

    /**
     * The live log file of a running version to read: this replica's, or, when another replica runs it, the file
     * that replica writes in its data dir (readable when the replicas share a host or the data dirs' file system;
     * otherwise the log shows once the run has ended and stored it).
     */
    Path readableFile(long versionId) {
        Path own = file(versionId);
        if (Files.exists(own)) {
            return own;
        }
        Path known = elsewhere.get(versionId);
        if (known != null && Files.exists(known)) {
            return known;
        }
        Long lookAgain = notFoundUntil.get(versionId);
        if (lookAgain != null && System.currentTimeMillis() < lookAgain) {
            return own; // not started, or nowhere to be read: asked again in a moment
        }
        Optional<Path> found = QuarkusTransaction.requiringNew().call(() -> KernelVersion.<KernelVersion>findByIdOptional(versionId)
                .filter(v -> v.claimedBy != null)
                .flatMap(v -> replicas.dataDirOf(v.claimedBy))
                .map(dataDir -> fileIn(dataDir, versionId)));
        if (found.isPresent() && Files.exists(found.get())) {
            if (elsewhere.size() > 10_000) {
                elsewhere.clear();
            }
            elsewhere.put(versionId, found.get());
            notFoundUntil.remove(versionId);
            return found.get();
        }
        if (notFoundUntil.size() > 10_000) {
            notFoundUntil.clear();
        }
        notFoundUntil.put(versionId, System.currentTimeMillis() + 2000);
        return own;
    }

    void start(long versionId) throws IOException {
        Files.createDirectories(root);
        open.put(versionId, Files.newBufferedWriter(file(versionId), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND));
    }

    void append(long versionId, LogLine line) {
        append(versionId, new Entry(line.stream(), line.offsetSeconds(), line.text()));
    }

    void append(long versionId, Entry entry) {
        BufferedWriter writer = open.get(versionId);
        if (writer == null) {
            return;
        }
        try {
            String text = json.writeValueAsString(entry);
            synchronized (writer) {
                writer.write(text);
                writer.write('\n');
                writer.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the file; it stays readable until {@link #discard}. */
    void close(long versionId) {
        BufferedWriter writer = open.remove(versionId);
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException ignored) {
                // the content is flushed line by line already
            }
        }
    }

    void discard(long versionId) throws IOException {
        close(versionId);
        Files.deleteIfExists(file(versionId));
    }

    /** The time offset of the last line stored for a version, in seconds; 0 when there is none. */
    double lastOffset(long versionId) {
        try {
            List<Entry> entries = parse(Files.readAllLines(file(versionId)));
            return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).time();
        } catch (IOException e) {
            return 0;
        }
    }

    /** The entries of a log in JSON-lines form, from a file or a stored blob's bytes. */
    public List<Entry> parse(List<String> lines) {
        List<Entry> entries = new ArrayList<>(lines.size());
        for (String line : lines) {
            if (!line.isBlank()) {
                try {
                    entries.add(json.readValue(line, Entry.class));
                } catch (JsonProcessingException e) {
                    // a line cut by a crash mid-write: skip it
                }
            }
        }
        return entries;
    }
}
