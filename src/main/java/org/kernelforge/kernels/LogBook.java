package org.kernelforge.kernels;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.platform.PlatformConfig;
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
    private final Map<Long, BufferedWriter> open = new ConcurrentHashMap<>();

    public LogBook(PlatformConfig platform, ObjectMapper json) {
        this.root = platform.dataDir().toAbsolutePath().resolve("runs").resolve("logs");
        this.json = json;
    }

    public Path file(long versionId) {
        return root.resolve(versionId + ".log.jsonl");
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
