package org.kernelforge.competitions;

import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.datasets.DatasetUses;

import java.util.Collection;
import java.util.List;

/** Competitions built on a dataset version: the dataset cannot be deleted from under them. */
@ApplicationScoped
public class CompetitionsUsingDatasets implements DatasetUses {

    @Override
    public List<String> of(Collection<Long> datasetVersionIds) {
        if (datasetVersionIds.isEmpty()) {
            return List.of();
        }
        return Competition.<Competition>list("datasetVersionId in ?1 order by slug", datasetVersionIds).stream()
                .map(c -> "competition " + c.slug).distinct().toList();
    }
}
