package org.kernelforge.kernels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.kernelforge.identity.Account;
import org.kernelforge.identity.CurrentUser;
import org.kernelforge.kernels.KernelViews.Failure;
import org.kernelforge.kernels.KernelViews.EnvironmentRef;
import org.kernelforge.kernels.KernelViews.Image;
import org.kernelforge.kernels.KernelViews.Input;
import org.kernelforge.kernels.KernelViews.KernelDetail;
import org.kernelforge.kernels.KernelViews.KernelSummary;
import org.kernelforge.kernels.KernelViews.Settings;
import org.kernelforge.kernels.KernelViews.VersionSummary;
import org.kernelforge.kernels.KernelViews.VersionView;
import org.kernelforge.platform.Page;
import org.kernelforge.runs.FailureLocation;
import org.kernelforge.storage.BlobStore;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads kernels and versions as the caller may see them. */
@ApplicationScoped
public class KernelReads {

    private static final int DEFAULT_PAGE_SIZE = 20;
    /** No user has this id: an owner filter naming nobody matches nothing. */
    private static final long NO_ONE = -1;
    private static final int MAX_PAGE_SIZE = 100;

    private final CurrentUser current;
    private final KernelQueries queries;
    private final KernelCommits commits;
    private final BlobStore blobs;
    private final ObjectMapper json;
    private final QueuePositions queuePositions;

    public KernelReads(CurrentUser current, KernelQueries queries, KernelCommits commits, BlobStore blobs, ObjectMapper json,
                       QueuePositions queuePositions) {
        this.current = current;
        this.queuePositions = queuePositions;
        this.queries = queries;
        this.commits = commits;
        this.blobs = blobs;
        this.json = json;
    }

    @Transactional
    public Page<KernelSummary> list(String search, String owner, Integer page, Integer pageSize) {
        return list(search, owner, false, null, page, pageSize);
    }

    /** Like the API's list; {@code publicOnly} leaves out private kernels, {@code dataset} keeps kernels that read that dataset. */
    @Transactional
    public Page<KernelSummary> list(String search, String owner, boolean publicOnly, String dataset, Integer page,
                                                Integer pageSize) {
        return list(search, owner, publicOnly, dataset, null, page, pageSize);
    }

    /** As above; {@code competition} (a slug) keeps kernels that read that competition's data. */
    @Transactional
    public Page<KernelSummary> list(String search, String owner, boolean publicOnly, String dataset,
                                                String competition, Integer page, Integer pageSize) {
        int size = pageSize == null ? DEFAULT_PAGE_SIZE : Math.max(1, Math.min(MAX_PAGE_SIZE, pageSize));
        int index = page == null ? 1 : Math.max(1, page);
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> params = new HashMap<>();
        Account me = current.get().orElse(null);
        if (me == null) {
            where.append(" and isPrivate = false");
        } else if (!me.isAdmin()) {
            where.append(" and (isPrivate = false or ownerId = :me)");
            params.put("me", me.id());
        }
        if (owner != null && !owner.isBlank()) {
            where.append(" and ownerId = :owner");
            params.put("owner", queries.ownerId(owner).orElse(NO_ONE));
        }
        if (publicOnly) {
            where.append(" and isPrivate = false");
        }
        if (dataset != null && !dataset.isBlank()) {
            // sources are stored as a JSON array of "owner/slug" or "owner/slug/N"
            where.append(" and (datasetSources like :ds or datasetSources like :dsv)");
            String ref = dataset.strip().replaceAll("[\"%\\\\]", "");
            params.put("ds", "%\"" + ref + "\"%");
            params.put("dsv", "%\"" + ref + "/%");
        }
        if (competition != null && !competition.isBlank()) {
            // competition sources are stored as a JSON array of slugs
            where.append(" and competitionSources like :cs");
            params.put("cs", "%\"" + competition.strip().replaceAll("[\"%\\\\]", "") + "\"%");
        }
        if (search != null && !search.isBlank()) {
            where.append(" and (lower(slug) like :q or lower(title) like :q)");
            params.put("q", "%" + search.toLowerCase(Locale.ROOT).strip() + "%");
        }
        var query = Kernel.<Kernel>find(where + " order by updatedAt desc, id desc", params);
        long total = query.count();
        List<KernelSummary> items = query.page(io.quarkus.panache.common.Page.of(index - 1, size)).list().stream().map(this::summary).toList();
        return new Page<>(items, index, size, total);
    }

    /**
     * The CSV files written by the caller's own complete runs of versions that read the competition (by slug) among
     * their inputs, newest first: what they may submit to it.
     */
    @Transactional
    public List<KernelViews.OutputChoice> submittableOutputs(String competition, int limit) {
        Account me = current.require();
        List<KernelViews.OutputChoice> choices = new java.util.ArrayList<>();
        for (KernelVersion v : KernelVersion.<KernelVersion>find("from KernelVersion v where v.kernel.ownerId = ?1 "
                        + "and v.status = ?2 and v.mode = ?3 and exists (select 1 from KernelVersionInput i "
                        + "where i.versionId = v.id and i.kind = ?4 and i.ref = ?5) order by v.committedAt desc, v.id desc",
                        me.id(), VersionStatus.COMPLETE, CommitMode.RUN.id(), ResolvedInput.COMPETITION, competition)
                .page(io.quarkus.panache.common.Page.ofSize(limit)).list()) {
            for (KernelVersionOutput o : KernelVersionOutput.csvFilesOf(v.id, limit)) {
                if (choices.size() < limit) {
                    choices.add(new KernelViews.OutputChoice(v.kernel.ref(), v.number, o.path, o.size, v.committedAt));
                }
            }
        }
        return choices;
    }

    /** The versions of the caller's kernels, newest first: what a code competition can rerun. */
    @Transactional
    public List<KernelViews.VersionChoice> myVersions(int limit) {
        Account me = current.require();
        return KernelVersion.<KernelVersion>find("from KernelVersion v where v.kernel.ownerId = ?1 "
                        + "order by v.committedAt desc, v.id desc", me.id())
                .page(io.quarkus.panache.common.Page.ofSize(limit)).list().stream()
                .map(v -> new KernelViews.VersionChoice(v.kernel.ref(), v.number, v.state().name().toLowerCase(java.util.Locale.ROOT),
                        v.mode, v.committedAt)).toList();
    }

    private KernelSummary summary(Kernel k) {
        KernelVersion last = KernelVersion.byNumber(k, k.currentVersion).orElse(null);
        return new KernelSummary(k.ref(), k.ownerName, k.slug, k.title, k.kernelType, k.language, k.isPrivate,
                k.currentVersion, last == null ? null : last.status, k.updatedAt, last == null ? null : last.mode);
    }

    @Transactional
    public KernelDetail detail(String owner, String slug) {
        Kernel k = queries.visible(owner, slug);
        List<VersionSummary> versions = KernelVersion.listFor(k).stream()
                .map(v -> new VersionSummary(v.number, v.status, v.mode, v.committedAt,
                        v.committedByName, v.name, "quick".equals(v.mode) || v.runTime() == null ? null : v.runTime().toSeconds()))
                .toList();
        String forkedFrom = k.forkedFromVersionId == null ? null
                : KernelVersion.<KernelVersion>findByIdOptional(k.forkedFromVersionId).map(KernelVersion::ref).orElse(null);
        return new KernelDetail(k.ref(), k.ownerName, k.slug, settings(k), sourceNode(k.type(), k.sourceSha256), versions,
                forkedFrom, k.createdAt, k.updatedAt);
    }

    Settings settings(Kernel k) {
        return new Settings(k.title, k.kernelType, k.language, commits.list(k.datasetSources), commits.list(k.competitionSources),
                commits.list(k.kernelSources), k.enableGpu, k.enableInternet, k.isPrivate, k.dockerImage, k.sessionTimeoutSeconds,
                k.pinningType, EnvironmentRef.of(k.environmentName, k.environmentVersion));
    }

    @Transactional
    public VersionView version(String owner, String slug, String n) {
        KernelVersion v = queries.version(queries.visible(owner, slug), n);
        List<Input> inputs = KernelVersionInput.listFor(v.id).stream()
                .map(i -> new Input(i.mountName, i.kind, i.ref, i.refVersion)).toList();
        Failure failure = v.failureKind == null ? null : new Failure(v.failureKind, v.failureMessage,
                FailureLocation.of(v.failureCell, v.failureLine));
        QueuePositions.Place place = v.state() == VersionStatus.QUEUED ? queuePositions.of(v) : null;
        return new VersionView(v.ref(), v.number, v.name, v.mode, v.language, v.status, failure, v.committedAt,
                v.committedByName, v.queuedAt, v.startedAt, v.finishedAt, v.exitCode,
                inputs, new Image(v.imageName, v.imageDigest),
                EnvironmentRef.of(v.environmentName, v.environmentVersion), v.fingerprint,
                place == null ? null : place.ahead(), place == null ? null : place.queueWait(), v.outputCount, v.outputBytes,
                v.captureMillis, v.node);
    }

    byte[] bytes(String sha256) {
        try (InputStream in = blobs.open(sha256)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A source as JSON: the script's text, or the notebook document itself. */
    JsonNode sourceNode(KernelType type, String sha256) {
        byte[] bytes = bytes(sha256);
        if (type == KernelType.SCRIPT) {
            return TextNode.valueOf(new String(bytes, StandardCharsets.UTF_8));
        }
        try {
            return json.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
