package org.kernelforge.environments;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What a build would download and install, asked of apt before the build (apt-get install --assume-no in a container
 * of the base image): shown next to the Build button the first time, when no earlier build has figures. One recipe is
 * asked once per server run; one estimate runs at a time, beside the builds.
 */
@ApplicationScoped
public class BuildEstimates {

    private static final Logger LOG = Logger.getLogger(BuildEstimates.class);

    /** {@code status}: estimating, ready, or failed (then {@code error} holds apt's words). */
    public record Estimate(String status, Long downloadBytes, Long installedBytes, Integer newPackages, String error) {
    }

    private final BuildRecords records;
    private final BuildContainers containers;
    private final EnvironmentsConfig config;
    private final Map<String, CompletableFuture<Estimate>> byRecipe = new ConcurrentHashMap<>();
    private final ExecutorService one = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "environment-estimate");
        t.setDaemon(true);
        return t;
    });

    public BuildEstimates(BuildRecords records, BuildContainers containers, EnvironmentsConfig config) {
        this.records = records;
        this.containers = containers;
        this.config = config;
    }

    /** The estimate for these packages: known, or started now and "estimating" until apt has answered. */
    Estimate of(List<String> packages) {
        CompletableFuture<Estimate> estimate = byRecipe.computeIfAbsent(String.join("\n", packages),
                key -> CompletableFuture.supplyAsync(() -> ask(packages), one));
        return estimate.isDone() ? estimate.join() : new Estimate("estimating", null, null, null, null);
    }

    private Estimate ask(List<String> packages) {
        StringBuilder out = new StringBuilder();
        try {
            String base = containers.imageId(records.baseImage());
            List<String> command = new ArrayList<>(List.of("sh", "-c", EnvironmentBuilder.INSTALL, "kf-estimate", "estimate",
                    config.aptSource().orElse("")));
            command.addAll(packages);
            BuildContainers.Exit exit = containers.run(base, "estimate-" + UUID.randomUUID().toString().substring(0, 8), "estimate", true,
                    command, out::append);
            containers.remove(exit.containerId());
            String log = out.toString();
            List<String> errors = AptOutput.errors(log);
            if (!errors.isEmpty() || exit.code() != 0) {
                return new Estimate("failed", null, null, null,
                        errors.isEmpty() ? "apt ended with exit code " + exit.code() : String.join("\n", errors));
            }
            return new Estimate("ready", AptOutput.downloadBytes(log).orElse(0L), AptOutput.installedBytes(log).orElse(0L),
                    AptOutput.newPackages(log).orElse(0), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Estimate("failed", null, null, null, "interrupted");
        } catch (RuntimeException e) {
            LOG.warnf("could not estimate a build: %s", e.getMessage());
            byRecipe.remove(String.join("\n", packages));
            return new Estimate("failed", null, null, null, "The estimate could not run: " + e.getMessage());
        }
    }
}
