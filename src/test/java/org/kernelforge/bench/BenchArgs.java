package org.kernelforge.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Command-line arguments of the benchmarks (--name value), and the admin's API key as a Basic header. */
final class BenchArgs {

    private final Map<String, String> values = new LinkedHashMap<>();

    BenchArgs(String[] argv) {
        for (int i = 0; i + 1 < argv.length; i += 2) {
            values.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
    }

    String get(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return value;
    }

    String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    /** "Basic ..." for the admin of a server, from the initial-admin.json it wrote. */
    String adminAuthorization() throws IOException {
        String json = Files.readString(Path.of(get("admin-json")));
        String pair = field(json, "username") + ":" + field(json, "key");
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalArgumentException("no " + name + " in the admin credentials");
        }
        return m.group(1);
    }
}
