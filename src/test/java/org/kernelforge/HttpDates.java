package org.kernelforge;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks of HTTP date headers as strict clients read them (Kaggle's client fails a download on any other form). */
public final class HttpDates {

    private HttpDates() {
    }

    /** The instant a {@code Last-Modified} header names, after checking it is RFC 1123 in GMT, two-digit day. */
    public static Instant lastModified(String header) {
        assertNotNull(header, "the download has no Last-Modified header");
        assertTrue(header.matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT"), header);
        return ZonedDateTime.parse(header, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    }

    /** The header is RFC 1123 and names {@code expected} to the second. */
    public static void assertLastModified(Instant expected, String header) {
        assertEquals(expected.truncatedTo(ChronoUnit.SECONDS), lastModified(header), header);
    }
}
