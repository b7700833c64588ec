package org.kernelforge.datasets;

import org.kernelforge.identity.Account;
import org.kernelforge.identity.Accounts;
import org.kernelforge.storage.StoredFile;
import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.datasets.DatasetViews.DatasetDetail;
import org.kernelforge.datasets.DatasetViews.DatasetSummary;
import org.kernelforge.platform.Page;
import org.kernelforge.datasets.DatasetViews.VersionSummary;
import org.kernelforge.identity.CurrentUser;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.platform.VersionNumbers;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads datasets as the current caller may see them: public ones, their own, and all of them for admins.
 * A private dataset of someone else answers exactly like one that does not exist.
 */
@ApplicationScoped
public class DatasetQueries {

    static final int DEFAULT_PAGE_SIZE = 20;
    /** No user has this id: an owner filter naming nobody matches nothing. */
    private static final long NO_ONE = -1;
    static final int MAX_PAGE_SIZE = 100;

    private final CurrentUser current;
    private final DatasetService service;
    private final Accounts accounts;

    public DatasetQueries(CurrentUser current, DatasetService service, Accounts accounts) {
        this.current = current;
        this.service = service;
        this.accounts = accounts;
    }

    public Dataset visible(String owner, String slug) {
        return ownerId(owner).flatMap(id -> Dataset.findByRef(id, slug))
                .filter(d -> !d.isPrivate || current.canAct(d.ownerId))
                .orElseThrow(() -> ProblemException.notFound("There is no dataset '" + owner + "/" + slug
                        + "' that you can see"));
    }

    /** A dataset the caller may change: 404 if they cannot see it, 401 if anonymous, 403 if not owner or admin. */
    public Dataset writable(String owner, String slug) {
        Dataset dataset = visible(owner, slug);
        current.require();
        if (!current.canAct(dataset.ownerId)) {
            throw ProblemException.forbidden("Only " + owner + " (or an administrator) can change the dataset '"
                    + dataset.ref() + "'");
        }
        return dataset;
    }

    /** Version {@code n} of the dataset, or its latest version for {@code latest}. */
    public DatasetVersion version(Dataset dataset, String n) {
        return DatasetVersion.byNumber(dataset, VersionNumbers.resolve(n, dataset.currentVersion)).orElseThrow(() -> ProblemException.notFound("The dataset '"
                + dataset.ref() + "' has no version '" + n + "'; its versions are 1 to " + dataset.currentVersion
                + " (or 'latest')"));
    }

    public StoredFile file(DatasetVersion version, Dataset dataset, String path) {
        return DatasetFile.byPath(version, path).orElseThrow(() -> ProblemException.notFound("Version "
                + version.number() + " of '" + dataset.ref() + "' has no file '" + path + "'"));
    }

    public DatasetDetail detail(String owner, String slug) {
        Dataset d = visible(owner, slug);
        List<VersionSummary> versions = DatasetVersion.listFor(d).stream()
                .map(v -> new VersionSummary(v.number(), v.notes(), v.createdAt(),
                        v.createdBy(), v.fileCount(), v.totalBytes()))
                .toList();
        return new DatasetDetail(d.ref(), d.ownerName, d.slug, d.title, d.subtitle, d.description, d.licenseName,
                d.keywords(), d.isPrivate, d.currentVersion, d.createdAt, d.updatedAt, service.url(d), versions);
    }

    /** Datasets the caller may see, newest change first; {@code search} words must each match slug, title, subtitle or a keyword. */
    public Page<DatasetSummary> list(String search, String owner, Integer page, Integer pageSize) {
        int p = page == null ? 1 : page;
        int size = pageSize == null ? DEFAULT_PAGE_SIZE : pageSize;
        if (p < 1) {
            throw ProblemException.badRequest("page", "page starts at 1");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw ProblemException.badRequest("pageSize", "pageSize must be 1 to " + MAX_PAGE_SIZE);
        }
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> params = new HashMap<>();
        Account me = current.get().orElse(null);
        if (me == null) {
            where.append(" and d.isPrivate = false");
        } else if (!me.isAdmin()) {
            where.append(" and (d.isPrivate = false or d.ownerId = :me)");
            params.put("me", me.id());
        }
        if (owner != null && !owner.isBlank()) {
            where.append(" and d.ownerId = :owner");
            params.put("owner", ownerId(owner.strip()).orElse(NO_ONE));
        }
        String[] words = search == null || search.isBlank() ? new String[0] : search.strip().split("\\s+");
        for (int i = 0; i < Math.min(words.length, 10); i++) {
            String q = ":q" + i;
            where.append(" and (lower(d.slug) like ").append(q).append(" escape '!'")
                    .append(" or lower(d.title) like ").append(q).append(" escape '!'")
                    .append(" or lower(coalesce(d.subtitle, '')) like ").append(q).append(" escape '!'")
                    .append(" or lower(coalesce(d.keywordsCsv, '')) like ").append(q).append(" escape '!')");
            params.put("q" + i, "%" + words[i].toLowerCase(Locale.ROOT).replaceAll("([!%_])", "!$1") + "%");
        }
        long total = Dataset.count("from Dataset d where " + where, params);
        List<DatasetSummary> items = Dataset.<Dataset>find("select d from Dataset d where " + where
                        + " order by d.updatedAt desc, d.id desc", params)
                .page(p - 1, size).list().stream().map(this::summary).toList();
        return new Page<>(items, p, size, total);
    }

    /** The id of the user with this name: datasets are looked up by owner id and slug (one index). */
    private Optional<Long> ownerId(String username) {
        return accounts.byUsername(username).map(Account::id);
    }

    private DatasetSummary summary(Dataset d) {
        return new DatasetSummary(d.ref(), d.ownerName, d.slug, d.title, d.subtitle, d.licenseName, d.keywords(),
                d.isPrivate, d.currentVersion, d.createdAt, d.updatedAt, service.url(d));
    }
}
