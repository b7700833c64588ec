package org.kernelforge.datasets;

import org.kernelforge.identity.Account;
import org.kernelforge.identity.Accounts;
import org.kernelforge.platform.ProblemException;

import java.util.List;

/** The checked fields of a dataset about to be created, from its dataset-metadata.json. */
public record DatasetDraft(long ownerId, String owner, String slug, String title, String subtitle, String description,
                           String licenseName, List<String> keywords, boolean isPrivate) {

    /**
     * Checks the metadata for this caller: who may own it, whether the slug is free (its fields' own constraints
     * were checked before). Needs a transaction.
     */
    static DatasetDraft of(Account caller, DatasetMetadata metadata, Accounts accounts) {
        String title = DatasetRules.title(metadata.title());
        String ownerName = caller.username();
        String slug;
        String id = metadata.id() == null ? "" : metadata.id().strip();
        if (id.isEmpty()) {
            slug = DatasetRules.slugFromTitle(title);
        } else {
            int slash = id.indexOf('/');
            if (slash <= 0 || slash != id.lastIndexOf('/')) {
                throw ProblemException.badRequest("id", "The id '" + id + "' must be \"<owner>/<slug>\", e.g. \""
                        + caller.username() + "/my-data\"");
            }
            ownerName = id.substring(0, slash);
            slug = DatasetRules.slug(id.substring(slash + 1), "id");
        }
        if (!ownerName.equals(caller.username()) && !caller.isAdmin()) {
            throw new ProblemException(403, "Forbidden", "You can only create datasets under your own name: set \"id\" to \""
                    + caller.username() + "/" + slug + "\"", "id");
        }
        String wanted = ownerName;
        Account owner = accounts.byUsername(wanted).orElseThrow(() -> ProblemException.badRequest("id",
                "There is no user '" + wanted + "' to own the dataset"));
        if (Dataset.exists(owner.id(), slug)) {
            throw taken(ownerName, slug);
        }
        return new DatasetDraft(owner.id(), ownerName, slug, title, DatasetRules.optional(metadata.subtitle()),
                DatasetRules.optional(metadata.description()), DatasetRules.optional(metadata.licenseName()),
                DatasetRules.keywords(metadata.keywords()),
                metadata.isPrivate() == null || metadata.isPrivate());
    }

    static ProblemException taken(String owner, String slug) {
        return ProblemException.conflict("id", "The dataset '" + owner + "/" + slug + "' already exists; choose another "
                + "slug, or upload a new version with POST /api/datasets/" + owner + "/" + slug + "/versions");
    }
}
