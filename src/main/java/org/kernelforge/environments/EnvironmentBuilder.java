package org.kernelforge.environments;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import com.github.dockerjava.api.exception.NotFoundException;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Builds environment versions in the background, one at a time: a container of the base environment's image runs
 * apt-get update and apt-get install --no-install-recommends of the recipe against the configured apt source, is
 * committed as {@code <prefix><name>:<n>}, and the new image is asked what it holds (Debian, Python and R packages).
 * A recipe already built into an image still on the engine is not built again: that image is tagged ({@link BuildCache}).
 * A failed build records apt's errors; the versions before it stay in service.
 */
@ApplicationScoped
public class EnvironmentBuilder {

    private static final Logger LOG = Logger.getLogger(EnvironmentBuilder.class);
    /** On a built image: the version it was built for, "name/n". */
    static final String VERSION_LABEL = "org.kernelforge.environment";

    /**
     * $1: install, or estimate (apt says what it would download, then stops); $2: the apt source line or empty (the
     * image's own sources); the rest: package names, checked by {@link Recipe}.
     */
    static final String INSTALL = """
            set -eu
            export DEBIAN_FRONTEND=noninteractive
            mode="$1"; source_line="$2"; shift 2
            opts=""
            if [ -n "$source_line" ]; then
                mkdir -p /tmp/kf-build/parts
                printf '%s\\n' "$source_line" > /tmp/kf-build/sources.list
                opts="-o Dir::Etc::SourceList=/tmp/kf-build/sources.list -o Dir::Etc::SourceParts=/tmp/kf-build/parts"
                echo "apt source: $source_line"
            fi
            echo "\\$ apt-get update"
            apt-get $opts -q --error-on=any update
            if [ "$mode" = estimate ]; then
                apt-get $opts -q --assume-no --no-install-recommends install "$@" || true
                exit 0
            fi
            echo "\\$ apt-get install --no-install-recommends $*"
            apt-get $opts -q -y --no-install-recommends -o Dpkg::Use-Pty=0 install "$@"
            apt-get clean
            rm -rf /var/lib/apt/lists/* /tmp/kf-build
            """;

    /** Prints source TAB name TAB version for every Debian, Python and (where R exists) R package. */
    static final String LIST = """
            dpkg-query -W -f='debian\\t${Package}\\t${Version}\\n'
            if command -v python3 >/dev/null; then
                python3 -c 'import importlib.metadata as m
            for d in m.distributions():
                n = d.metadata["Name"]
                if n: print("python\\t%s\\t%s" % (n, d.version))'
            fi
            if command -v Rscript >/dev/null; then
                Rscript -e 'p <- installed.packages()[, c("Package", "Version"), drop = FALSE]; cat(paste("r", p[, 1], p[, 2], sep = "\\t"), sep = "\\n"); cat("\\n")'
            fi
            """;

    private final BuildRecords records;
    private final BuildContainers containers;
    private final BuildLogs logs;
    private final EnvironmentsConfig config;
    private final ExecutorService queue = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "environment-build");
        t.setDaemon(true);
        return t;
    });

    public EnvironmentBuilder(BuildRecords records, BuildContainers containers, BuildLogs logs, EnvironmentsConfig config) {
        this.records = records;
        this.containers = containers;
        this.logs = logs;
        this.config = config;
    }

    /** Builds that a stopped server left under way start again from the beginning. */
    void onStart(@Observes @Priority(20) StartupEvent event) {
        try {
            containers.removeLeftovers();
        } catch (RuntimeException e) {
            LOG.warnf("could not look for leftover build containers: %s", e.getMessage());
        }
        records.unfinished().forEach(this::submit);
        records.unlisted().forEach(v -> submitListing(v.id, v.imageReference()));
    }

    void onStop(@Observes ShutdownEvent event) {
        queue.shutdownNow();
    }

    /** Queues the build of a version whose row (status building) is committed. */
    public void submit(long versionId) {
        logs.open(versionId);
        queue.submit(() -> build(versionId));
    }

    /** Queues listing the packages of a ready version that was not built here (the python environment's version 1). */
    void submitListing(long versionId, String image) {
        queue.submit(() -> {
            try {
                String digest = containers.imageId(image);
                records.listed(versionId, digest, listPackages(digest, versionId));
            } catch (RuntimeException e) {
                LOG.warnf("could not list the packages of %s: %s", image, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private String listPackages(String imageId, long versionId) throws InterruptedException {
        StringBuilder listed = new StringBuilder();
        BuildContainers.Exit listing = containers.run(imageId, "list-" + unique(versionId), "list", false,
                List.of("sh", "-c", LIST), listed::append);
        containers.remove(listing.containerId());
        return PackageList.parse(listed.toString()).text();
    }

    private void build(long versionId) {
        StringBuffer log = new StringBuffer();
        Consumer<String> out = text -> {
            log.append(text);
            logs.append(versionId, text);
        };
        String recipeHash = null;
        try {
            BuildRecords.Task task = records.start(versionId);
            String base = baseImageId(task);
            records.baseDigest(versionId, base);
            recipeHash = BuildCache.recipeHash(base, task.packages(), config.aptSource().orElse(""));
            String repository = config.imagePrefix() + task.environment();
            String tag = String.valueOf(task.number());
            if (task.fromScratch()) {
                out.accept("Building from scratch as asked: the build cache is not looked at\n");
            } else if (reusedFromCache(versionId, task, recipeHash, log, out)) {
                return;
            }
            out.accept("Building " + task.environment() + "/" + task.number() + " on " + task.baseImage() + " (" + base + "), recipe "
                    + recipeHash + "\n");
            List<String> install = new ArrayList<>(List.of("sh", "-c", INSTALL, "kf-build", "install", config.aptSource().orElse("")));
            install.addAll(task.packages());
            long started = System.nanoTime();
            BuildContainers.Exit exit = containers.run(base, "install-" + unique(versionId),
                    task.environment() + "/" + task.number(), true, install, out);
            String image;
            String digest;
            try {
                if (exit.code() != 0) {
                    List<String> errors = AptOutput.errors(log.toString());
                    String message = errors.isEmpty() ? "apt-get ended with exit code " + exit.code() : String.join("\n", errors);
                    out.accept("Build failed: " + message + "\n");
                    records.fail(versionId, message, log.toString(), AptOutput.downloadBytes(log.toString()).orElse(null), recipeHash);
                    return;
                }
                image = repository + ":" + tag;
                // the id the commit answers, not the tag's: another server on the same engine may move the tag meanwhile
                String committed = containers.commit(exit.containerId(), repository, tag, containers.imageCmd(base),
                        Map.of(VERSION_LABEL, task.environment() + "/" + task.number(), BuildCache.LABEL, recipeHash));
                digest = containers.imageId(committed);
            } finally {
                containers.remove(exit.containerId());
            }
            out.accept("Committed " + image + " (" + digest + ") in " + (System.nanoTime() - started) / 1_000_000_000 + " s\n");
            out.accept("Listing its packages\n");
            String packages = listPackages(digest, versionId);
            out.accept("Ready: " + PackageList.parse(packages).entries().size() + " packages\n");
            records.succeed(versionId, new BuildRecords.Built(image, digest, containers.imageBytes(digest),
                    AptOutput.downloadBytes(log.toString()).orElse(null), packages, log.toString(), recipeHash, false));
            LOG.infof("environment %s/%d built: %s", task.environment(), task.number(), digest);
            removeSuperseded(recipeHash, digest);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warnf(e, "environment build of version %d failed", versionId);
            String message = "The build could not run: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            out.accept(message + "\n");
            try {
                records.fail(versionId, message, log.toString(), null, recipeHash);
            } catch (RuntimeException recordFailed) {
                LOG.errorf(recordFailed, "could not record the failed build of version %d", versionId);
            }
        } finally {
            logs.close(versionId);
        }
    }

    /** The id of the image the build starts from: the base environment version's own, never what its tag names now. */
    private String baseImageId(BuildRecords.Task task) {
        try {
            return containers.imageId(task.baseReference());
        } catch (NotFoundException gone) {
            throw new IllegalStateException("the base environment " + task.baseRef() + " is gone: its image "
                    + task.baseReference() + " (" + task.baseImage() + ") is no longer on the Docker engine", gone);
        }
    }

    /**
     * The build cache: when the engine has an image of this recipe, it becomes this version (tagged, its packages taken
     * from the version that listed them, or listed now) and the build is over.
     */
    private boolean reusedFromCache(long versionId, BuildRecords.Task task, String recipeHash, StringBuffer log,
                                    Consumer<String> out) throws InterruptedException {
        Optional<BuildCache.Cached> cached = BuildCache.newest(containers.imagesLabelled(BuildCache.LABEL, recipeHash));
        String repository = config.imagePrefix() + task.environment();
        String tag = String.valueOf(task.number());
        if (cached.isEmpty() || !tagged(cached.get(), repository, tag, out)) {
            return false;
        }
        String digest = cached.get().imageId();
        String packages = records.packagesOf(digest).orElse(null);
        if (packages == null) {
            out.accept("Listing its packages\n");
            packages = listPackages(digest, versionId);
        }
        out.accept("Ready: " + PackageList.parse(packages).entries().size() + " packages\n");
        records.succeed(versionId, new BuildRecords.Built(repository + ":" + tag, digest, containers.imageBytes(digest), null,
                packages, log.toString(), recipeHash, true));
        LOG.infof("environment %s/%d reused %s (recipe %s)", task.environment(), task.number(), digest, recipeHash);
        removeSuperseded(recipeHash, digest);
        return true;
    }

    /**
     * The older images of the recipe that no tag names any more (a build from scratch, or a fresh database reusing the
     * tag, left them): the cache only ever takes the newest, so they would only fill the disk. After the version is
     * recorded: removing a large image takes seconds.
     */
    private void removeSuperseded(String recipeHash, String newest) {
        try {
            containers.imagesLabelled(BuildCache.LABEL, recipeHash).stream()
                    .filter(image -> !image.imageId().equals(newest) && !image.tagged())
                    .forEach(image -> containers.removeUntagged(image.imageId()));
        } catch (RuntimeException e) {
            LOG.warnf("could not look for superseded images of recipe %s: %s", recipeHash, e.getMessage());
        }
    }

    /**
     * Tags the cached image as this version's; false when it went away meanwhile (another server removed it), and the
     * build installs instead.
     */
    private boolean tagged(BuildCache.Cached cached, String repository, String tag, Consumer<String> out) {
        try {
            containers.tag(cached.imageId(), repository, tag);
        } catch (NotFoundException gone) {
            out.accept("The build cache's image " + cached.imageId() + " is gone; installing\n");
            return false;
        }
        out.accept("Reused image " + cached.imageId() + " built at " + cached.createdAt()
                + (cached.builtFor().isEmpty() ? "" : " for " + cached.builtFor())
                + ": the same recipe (base image, packages, apt source and builder), so nothing is installed\n");
        return true;
    }

    private static String unique(long versionId) {
        return versionId + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
