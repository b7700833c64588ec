package org.kernelforge.environments;

import org.kernelforge.platform.ProblemException;

import java.util.Locale;

/**
 * kernel-metadata.json's docker_image_pinning_type: {@code original} keeps a kernel on the environment version of
 * its first version that named the environment, {@code latest} moves it to the newest built version on each commit.
 */
public enum Pinning {
    ORIGINAL, LATEST;

    public static final String FIELD = "docker_image_pinning_type";

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The pinning a push asks for; null or blank means {@code original}. */
    public static Pinning parse(String value) {
        if (value == null || value.isBlank()) {
            return ORIGINAL;
        }
        return switch (value.strip()) {
            case "original" -> ORIGINAL;
            case "latest" -> LATEST;
            default -> throw ProblemException.badRequest(FIELD, FIELD + " must be 'original' or 'latest', not '"
                    + value.strip() + "'");
        };
    }
}
