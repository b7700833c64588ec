package org.kernelforge.environments;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/** JSON shapes of the environments API. */
public final class EnvironmentViews {

    private EnvironmentViews() {
    }

    /** {@code competition}: the slug of the competition it belongs to; null for a site-wide environment. */
    public record Summary(String name, String language, String description, Integer latestVersion, String competition) {
    }

    public record Image(String name, String digest) {
    }

    /**
     * One version: {@code recipe} the packages it installed, {@code packages} what its image holds, {@code downloadBytes}
     * what apt fetched, {@code buildSeconds} how long the build took, {@code recipeHash} what the build cache knows it by
     * and {@code reused} whether it tagged an image of the same recipe instead of installing.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VersionView(String environment, int version, EnvironmentStatus status, Image image, List<String> recipe,
                              List<PackageList.Entry> packages, String buildLog, String failure, Instant createdAt,
                              Instant builtAt, Long buildSeconds, Long downloadBytes, Long imageBytes, String recipeHash,
                              boolean reused) {
    }

    public record VersionSummary(int version, EnvironmentStatus status, Instant createdAt, Instant builtAt) {
    }

    public record Detail(String name, String language, String description, List<String> recipe, Integer latestVersion,
                         List<VersionSummary> versions, String competition) {
    }
}
