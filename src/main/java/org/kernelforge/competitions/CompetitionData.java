package org.kernelforge.competitions;

import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.kernels.CompetitionInputs;

import java.util.Optional;

/** A competition's public data for kernels to mount: its dataset version, never the solution. */
@ApplicationScoped
public class CompetitionData implements CompetitionInputs {

    @Override
    public Optional<CompetitionInputs.PublicData> find(String slug) {
        return Competition.findBySlug(slug).map(c -> new CompetitionInputs.PublicData(c.slug, c.datasetVersionId,
                c.datasetVersionNumber));
    }
}
