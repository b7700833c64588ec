package org.kernelforge.competitions;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * A competition's public data as a kernel input: its dataset version, mounted at
 * /kaggle/input/&lt;competition slug&gt;. Never the solution.
 */
@ApplicationScoped
public class CompetitionData {

    public record Pinned(String slug, long datasetVersionId, int datasetVersionNumber) {
    }

    public Optional<Pinned> find(String slug) {
        return Competition.findBySlug(slug).map(c -> new Pinned(c.slug, c.datasetVersionId, c.datasetVersionNumber));
    }
}
