package org.kernelforge.datasets;

import org.kernelforge.platform.ProblemException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The parts of a multipart upload, read as they arrive by {@link StreamedUploads}: 'file' parts (streamed to
 * where they go; never held in memory) and small text parts. Unknown parts, 'file' parts without a filename and
 * text parts of a non-text type are 400s that name the part.
 */
public record UploadForm(Map<String, List<String>> texts, List<IncomingFile> files) {

    static final String FILE = "file";
    private static final int MAX_TEXT_BYTES = 1 << 20;

    /** Takes the bytes of one 'file' part as they arrive and answers where they went. */
    public interface FileReceiver {
        IncomingFile receive(String filename, InputStream bytes) throws IOException;
    }

    /**
     * The parts of a multipart body read as it arrives: each 'file' part is handed to {@code files} while it is
     * being received. Before the first one, {@code beforeFiles} sees the text parts sent so far and may refuse the
     * upload before any file is stored.
     */
    static UploadForm read(MultipartReader reader, Set<String> textParts, Consumer<UploadForm> beforeFiles,
                           FileReceiver files) throws IOException {
        Map<String, List<String>> texts = new LinkedHashMap<>();
        List<IncomingFile> received = new ArrayList<>();
        for (Optional<MultipartReader.Part> next; (next = reader.next()).isPresent(); ) {
            MultipartReader.Part part = next.get();
            String name = part.name();
            if (FILE.equals(name)) {
                if (part.filename() == null || part.filename().isBlank()) {
                    throw missingFilename();
                }
                if (received.isEmpty()) {
                    beforeFiles.accept(new UploadForm(texts, List.of()));
                }
                received.add(files.receive(part.filename(), reader.body()));
            } else if (textParts.contains(name)) {
                checkTextual(name, part.contentType());
                texts.computeIfAbsent(name, n -> new ArrayList<>()).add(text(name, reader.body()));
            } else {
                throw unknownPart(name, textParts);
            }
        }
        return new UploadForm(texts, received);
    }

    /** The one value of a text part, if sent. */
    public Optional<String> single(String name) {
        List<String> values = texts.getOrDefault(name, List.of());
        if (values.size() > 1) {
            throw ProblemException.badRequest(name, "Send the '" + name + "' part once (it came " + values.size() + " times)");
        }
        return values.stream().findFirst();
    }

    List<String> all(String name) {
        return texts.getOrDefault(name, List.of());
    }

    boolean flag(String name) {
        String value = single(name).map(v -> v.strip().toLowerCase(Locale.ROOT)).orElse("false");
        if (!value.equals("true") && !value.equals("false")) {
            throw ProblemException.badRequest(name, "'" + name + "' must be true or false");
        }
        return value.equals("true");
    }

    private static ProblemException unknownPart(String name, Set<String> textParts) {
        Set<String> known = new TreeSet<>(textParts);
        known.add(FILE);
        return ProblemException.badRequest(name, "Unknown form part '" + name + "'; this address takes "
                + String.join(", ", known));
    }

    private static ProblemException missingFilename() {
        return ProblemException.badRequest(FILE, "Every 'file' part needs a filename "
                + "(Content-Disposition: form-data; name=\"file\"; filename=\"data.csv\")");
    }

    private static void checkTextual(String name, String type) {
        if (type != null && !isTextual(type)) {
            throw ProblemException.badRequest(name, "The '" + name + "' part has the content type '" + type
                    + "'; send it as application/json or text/plain");
        }
    }

    private static String text(String name, InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_TEXT_BYTES + 1);
        if (bytes.length > MAX_TEXT_BYTES) {
            throw ProblemException.tooLarge(name, "The '" + name + "' part is larger than 1 MiB");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static boolean isTextual(String contentType) {
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.endsWith("+json") || type.startsWith("text/")
                || type.equals("application/octet-stream");
    }
}
