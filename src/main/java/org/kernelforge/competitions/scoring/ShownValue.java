package org.kernelforge.competitions.scoring;

/** A value from an uploaded file as it may appear in a message: quoted, and cut to a length a person reads. */
final class ShownValue {

    static final int MAX_CHARS = 80;

    private ShownValue() {
    }

    static String of(String raw) {
        String cut = raw.length() > MAX_CHARS ? raw.substring(0, MAX_CHARS) + "…" : raw;
        return '"' + cut.replace("\r", "\\r").replace("\n", "\\n") + '"';
    }
}
