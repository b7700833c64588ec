package org.kernelforge.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * What the runner scripts ({@link RunnerScripts}) say failed in the user's code: the exception's type and
 * message and where it was raised. The file is written inside the kernel's container, so it is read as
 * untrusted: small, typed, each text cut to a sentence's length.
 */
record FailureReport(String type, String message, FailureLocation location) {

    private static final long MAX_FILE_BYTES = 64 * 1024;
    private static final int MAX_TYPE_CHARS = 200;
    private static final int MAX_MESSAGE_CHARS = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The report in the run's platform folder, or null when there is none (the kernel did not raise). */
    static FailureReport read(Path metaDir) {
        if (metaDir == null) {
            return null;
        }
        Path file = metaDir.resolve(RunnerScripts.FAILURE_FILE);
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            byte[] content;
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                content = in.readNBytes((int) MAX_FILE_BYTES + 1);
            }
            if (content.length > MAX_FILE_BYTES) {
                return null;
            }
            JsonNode node = JSON.readTree(content);
            if (node == null || !node.path("type").isTextual() || node.path("type").asText().isBlank()) {
                return null;
            }
            return new FailureReport(cut(node.path("type").asText(), MAX_TYPE_CHARS),
                    cut(node.path("message").isTextual() ? node.path("message").asText() : "", MAX_MESSAGE_CHARS),
                    FailureLocation.of(positive(node.path("cell")), positive(node.path("line"))));
        } catch (IOException | RuntimeException e) {
            return null; // a broken report leaves the plain exit-code message
        }
    }

    /** "KeyError: 'Age' in cell 2 (line 4)". */
    String headline() {
        String text = message.isBlank() ? type : type + ": " + message;
        return location == null ? text : text + " " + location.describe();
    }

    private static Integer positive(JsonNode node) {
        return node.canConvertToInt() && node.isIntegralNumber() && node.asInt() > 0 ? node.asInt() : null;
    }

    private static String cut(String text, int max) {
        String oneLine = text.strip().replaceAll("\\s*\\R\\s*", " ");
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 1) + "…";
    }
}
