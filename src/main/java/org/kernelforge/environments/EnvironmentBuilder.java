package org.kernelforge.environments;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Builds environment versions in the background, one at a time: a container of the base environment's image runs
 * apt-get update and apt-get install --no-install-recommends of the recipe against the configured apt source, is
 * committed as {@code <prefix><name>:<n>}, and the new image is asked what it holds (Debian, Python and R packages).
 * A failed build records apt's errors; the versions before it stay in service.
 */
@ApplicationScoped
public class EnvironmentBuilder {

    private static final Logger LOG = Logger.getLogger(EnvironmentBuilder.class);

    /** $1: the apt source line or empty (the image's own sources); the rest: package names, checked by {@link Recipe}. */
    static final String INSTALL = """
            set -eu
            export DEBIAN_FRONTEND=noninteractive
            source_line="$1"; shift
            opts=""
            if [ -n "$source_line" ]; then
                mkdir -p /tmp/kf-build/parts
                printf '%s\\n' "$source_line" > /tmp/kf-build/sources.list
                opts="-o Dir::Etc::SourceList=/tmp/kf-build/sources.list -o Dir::Etc::SourceParts=/tmp/kf-build/parts"
                echo "apt source: $source_line"
            fi
            echo "\\$ apt-get update"
            apt-get $opts -q --error-on=any update
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
    void onStart(@Observes StartupEvent event) {
        try {
            containers.removeLeftovers();
        } catch (RuntimeException e) {
            LOG.warnf("could not look for leftover build containers: %s", e.getMessage());
        }
        records.unfinished().forEach(this::submit);
    }

    void onStop(@Observes ShutdownEvent event) {
        queue.shutdownNow();
    }

    /** Queues the build of a version whose row (status building) is committed. */
    public void submit(long versionId) {
        logs.open(versionId);
        queue.submit(() -> build(versionId));
    }

    private void build(long versionId) {
        StringBuffer log = new StringBuffer();
        java.util.function.Consumer<String> out = text -> {
            log.append(text);
            logs.append(versionId, text);
        };
        try {
            BuildRecords.Task task = records.start(versionId);
            String base = containers.imageId(task.baseImage());
            records.baseDigest(versionId, base);
            out.accept("Building " + task.environment() + "/" + task.number() + " on " + task.baseImage() + " (" + base + ")\n");
            List<String> install = new ArrayList<>(List.of("sh", "-c", INSTALL, "kf-build", config.aptSource().orElse("")));
            install.addAll(task.packages());
            long started = System.nanoTime();
            BuildContainers.Exit exit = containers.run(base, "install-" + unique(versionId), true, install, out);
            String image;
            try {
                if (exit.code() != 0) {
                    List<String> errors = AptOutput.errors(log.toString());
                    String message = errors.isEmpty() ? "apt-get ended with exit code " + exit.code() : String.join("\n", errors);
                    out.accept("Build failed: " + message + "\n");
                    records.fail(versionId, message, log.toString(), AptOutput.downloadBytes(log.toString()).orElse(null));
                    return;
                }
                String repository = config.imagePrefix() + task.environment();
                image = repository + ":" + task.number();
                containers.commit(exit.containerId(), repository, String.valueOf(task.number()),
                        containers.imageCmd(base), Map.of("org.kernelforge.environment", task.environment() + "/" + task.number()));
            } finally {
                containers.remove(exit.containerId());
            }
            String digest = containers.imageId(image);
            out.accept("Committed " + image + " (" + digest + ") in " + (System.nanoTime() - started) / 1_000_000_000 + " s\n");
            out.accept("Listing its packages\n");
            StringBuilder listed = new StringBuilder();
            BuildContainers.Exit listing = containers.run(digest, "list-" + unique(versionId), false,
                    List.of("sh", "-c", LIST), listed::append);
            containers.remove(listing.containerId());
            String packages = PackageList.parse(listed.toString()).text();
            out.accept("Ready: " + PackageList.parse(packages).entries().size() + " packages\n");
            records.succeed(versionId, new BuildRecords.Built(image, digest, containers.imageBytes(digest),
                    AptOutput.downloadBytes(log.toString()).orElse(null), packages, log.toString()));
            LOG.infof("environment %s/%d built: %s", task.environment(), task.number(), digest);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warnf(e, "environment build of version %d failed", versionId);
            String message = "The build could not run: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            out.accept(message + "\n");
            try {
                records.fail(versionId, message, log.toString(), null);
            } catch (RuntimeException recordFailed) {
                LOG.errorf(recordFailed, "could not record the failed build of version %d", versionId);
            }
        } finally {
            logs.close(versionId);
        }
    }

    private static String unique(long versionId) {
        return versionId + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
