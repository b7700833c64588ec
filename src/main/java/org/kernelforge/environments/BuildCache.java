package org.kernelforge.environments;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Builds already made: an image the builder committed carries the hash of its recipe ({@link #LABEL}); a build of the
 * same recipe on the same engine tags that image instead of installing again. The hash covers everything that decides
 * what the image holds: the base image's digest, the sorted package list, the apt source and the builder's own script
 * (through {@link #BUILDER_VERSION} and the script's text), so any change to one of them builds.
 */
final class BuildCache {

    static final String LABEL = "org.kernelforge.environment-recipe";
    /** Raise it when a build's result changes without its script's text changing. */
    static final int BUILDER_VERSION = 1;

    /**
     * An image on the engine with the recipe's hash: its id, when it was made, the version it was made for and whether
     * a tag still names it.
     */
    record Cached(String imageId, Instant createdAt, String builtFor, boolean tagged) {
    }

    private BuildCache() {
    }

    static String recipeHash(String baseDigest, List<String> packages, String aptSource) {
        StringBuilder text = new StringBuilder()
                .append("builder ").append(BUILDER_VERSION).append('\n')
                .append("base ").append(baseDigest).append('\n')
                .append("apt-source ").append(aptSource).append('\n');
        packages.stream().sorted().forEach(p -> text.append("package ").append(p).append('\n'));
        text.append("script\n").append(EnvironmentBuilder.INSTALL);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /** The newest of the images labelled with {@code hash}, if the engine still has one. */
    static Optional<Cached> newest(List<Cached> labelled) {
        return labelled.stream().max(java.util.Comparator.comparing(Cached::createdAt));
    }
}
