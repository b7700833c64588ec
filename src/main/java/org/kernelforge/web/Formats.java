package org.kernelforge.web;

import io.quarkus.qute.TemplateExtension;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How pages show sizes, instants and durations. */
@TemplateExtension
public class Formats {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Formats() {
    }

    /** 1536 -> "1.5 KB". */
    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, v >= 10 ? "%.0f %s" : "%.1f %s", v, units[u]);
    }

    public static String bytes(Long n) {
        return n == null ? "" : bytes(n.longValue());
    }

    /** A query parameter value. */
    public static String url(String value) {
        return value == null ? "" : URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public static String when(Instant instant) {
        return instant == null ? "" : WHEN.format(instant);
    }

    /** Machine-readable instant for a time element. */
    public static String iso(Instant instant) {
        return instant == null ? "" : instant.toString();
    }

    /** 75 s -> "1 min 15 s". */
    public static String span(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }
}
