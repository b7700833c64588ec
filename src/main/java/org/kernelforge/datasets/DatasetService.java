package org.kernelforge.datasets;

import org.kernelforge.identity.Account;
import org.kernelforge.identity.Accounts;
import org.kernelforge.storage.StoredFile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import org.kernelforge.datasets.DatasetViews.Created;
import org.kernelforge.platform.PlatformConfig;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.platform.Violations;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes dataset rows. Each method is one transaction; uploads call {@link #create} and {@link #addVersion} only
 * after every file has been checked and stored as a blob, so a failure leaves no row behind.
 */
@ApplicationScoped
public class DatasetService {

    static final String FIRST_NOTES = "Initial release";

    private final PlatformConfig platform;
    private final Accounts accounts;
    private final Validator validator;
    private final Instance<DatasetUses> uses;

    public DatasetService(PlatformConfig platform, Accounts accounts, Validator validator, @Any Instance<DatasetUses> uses) {
        this.platform = platform;
        this.accounts = accounts;
        this.validator = validator;
        this.uses = uses;
    }

    /** Checks metadata, owner and slug of a dataset to create; nothing is written. */
    @Transactional
    public DatasetDraft draft(Account caller, DatasetMetadata metadata) {
        return DatasetDraft.of(caller, checked(metadata), accounts);
    }

    @Transactional
    public Created create(Account caller, DatasetDraft draft, List<StoredFile> files) {
        if (Dataset.exists(draft.ownerId(), draft.slug())) {
            throw DatasetDraft.taken(draft.owner(), draft.slug());
        }
        Instant now = Instant.now();
        Dataset dataset = new Dataset();
        dataset.ownerId = draft.ownerId();
        dataset.ownerName = draft.owner();
        dataset.slug = draft.slug();
        dataset.title = draft.title();
        dataset.subtitle = draft.subtitle();
        dataset.description = draft.description();
        dataset.licenseName = draft.licenseName();
        dataset.setKeywords(draft.keywords());
        dataset.isPrivate = draft.isPrivate();
        dataset.currentVersion = 1;
        dataset.createdAt = now;
        dataset.updatedAt = now;
        try {
            // identity ids make persist() insert at once: the unique (owner, slug) constraint can fire right here
            dataset.persist();
            DatasetVersion.seal(dataset, 1, FIRST_NOTES, caller, files);
            Dataset.getEntityManager().flush();
        } catch (PersistenceException e) {
            if (isUniqueViolation(e)) {
                // another upload of the same slug committed first
                throw DatasetDraft.taken(draft.owner(), draft.slug());
            }
            throw e;
        }
        return new Created(dataset.ref(), 1, url(dataset));
    }

    /** The latest version's number and paths, for checking a new version before its files are stored. */
    public record Latest(int number, List<String> paths) {
    }

    @Transactional
    public Latest latest(long datasetId) {
        Dataset dataset = existing(datasetId, LockModeType.NONE);
        return new Latest(dataset.currentVersion, latestFiles(dataset).stream().map(StoredFile::path).toList());
    }

    @Transactional
    public Created addVersion(Account caller, long datasetId, VersionChange change, List<StoredFile> added) {
        // the row lock serialises concurrent versions of one dataset: each gets the next number
        Dataset dataset = existing(datasetId, LockModeType.PESSIMISTIC_WRITE);
        Map<String, StoredFile> files = change.apply(latestFiles(dataset), added, dataset.currentVersion);
        int number = dataset.currentVersion + 1;
        DatasetVersion.seal(dataset, number, change.notes(), caller, files.values());
        dataset.currentVersion = number;
        dataset.updatedAt = Instant.now();
        return new Created(dataset.ref(), number, url(dataset));
    }

    @Transactional
    public void patch(long datasetId, DatasetPatch patch) {
        DatasetPatch.Fields fields = checked(patch.fields());
        Dataset dataset = existing(datasetId, LockModeType.PESSIMISTIC_WRITE);
        if (patch.has("title")) {
            dataset.title = DatasetRules.title(fields.title());
        }
        if (patch.has("subtitle")) {
            dataset.subtitle = DatasetRules.optional(fields.subtitle());
        }
        if (patch.has("description")) {
            dataset.description = DatasetRules.optional(fields.description());
        }
        if (patch.has("licenseName")) {
            dataset.licenseName = DatasetRules.optional(fields.licenseName());
        }
        if (patch.has("keywords")) {
            dataset.setKeywords(DatasetRules.keywords(fields.keywords()));
        }
        if (patch.has("isPrivate")) {
            dataset.isPrivate = fields.isPrivate();
        }
        dataset.updatedAt = Instant.now();
    }

    /**
     * Deletes the dataset's rows (versions and files go with it) in one transaction, or refuses with a 409 naming
     * what uses one of its versions (a kernel version mounting it, a competition built on it). Blobs stay: other
     * versions may share them, and nothing collects unreferenced blobs yet.
     */
    @Transactional
    public void delete(long datasetId) {
        Dataset dataset = existing(datasetId, LockModeType.PESSIMISTIC_WRITE);
        List<Long> versionIds = DatasetVersion.listFor(dataset).stream().map(DatasetVersion::id).toList();
        List<String> users = uses.stream().flatMap(u -> u.of(versionIds).stream()).toList();
        if (!users.isEmpty()) {
            throw ProblemException.conflict(null, "The dataset '" + dataset.ref() + "' cannot be deleted: it is used by "
                    + String.join(", ", users.subList(0, Math.min(10, users.size())))
                    + (users.size() > 10 ? " and " + (users.size() - 10) + " more" : "")
                    + ". Make it private instead to hide it.");
        }
        Dataset.delete("id", datasetId);
    }

    /**
     * The fields' Bean Validation constraints, as a problem naming the first field at fault. Checked here rather
     * than by {@code @Valid} on the resource: the multipart upload, the JSON upload and the seeder all come here,
     * and they expect a {@link ProblemException}.
     */
    private <T> T checked(T fields) {
        Set<ConstraintViolation<T>> violations = validator.validate(fields);
        if (!violations.isEmpty()) {
            throw Violations.problem(new ConstraintViolationException(violations));
        }
        return fields;
    }

    String url(Dataset dataset) {
        return platform.publicUrl().replaceAll("/+$", "") + "/datasets/" + dataset.ref();
    }

    private static List<StoredFile> latestFiles(Dataset dataset) {
        return DatasetVersion.byNumber(dataset, dataset.currentVersion).map(DatasetFile::listFor).orElse(List.of());
    }

    private static Dataset existing(long id, LockModeType lock) {
        Dataset dataset = Dataset.findById(id, lock);
        if (dataset == null) {
            throw ProblemException.notFound("The dataset was deleted meanwhile");
        }
        return dataset;
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.hibernate.exception.ConstraintViolationException) {
                return true;
            }
        }
        return false;
    }
}
