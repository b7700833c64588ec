package org.kernelforge.environments;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.kernelforge.platform.ProblemException;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What the API and the pages show of environments; environments are public, so every reader sees the same. */
@ApplicationScoped
public class EnvironmentReads {

    private final BuildLogs logs;

    public EnvironmentReads(BuildLogs logs) {
        this.logs = logs;
    }

    @Transactional
    public List<EnvironmentViews.Summary> list() {
        return Environment.all().stream().map(e -> new EnvironmentViews.Summary(e.name, e.language, e.description,
                EnvironmentVersion.latestReady(e).map(v -> v.number).orElse(null), e.competitionSlug)).toList();
    }

    @Transactional
    public EnvironmentViews.Detail detail(String name) {
        Environment e = environment(name);
        List<EnvironmentViews.VersionSummary> versions = EnvironmentVersion.listFor(e).stream()
                .map(v -> new EnvironmentViews.VersionSummary(v.number, v.status, v.createdAt, v.builtAt)).toList();
        return new EnvironmentViews.Detail(e.name, e.language, e.description, Recipe.parse(e.recipe, "recipe").packages(),
                EnvironmentVersion.latestReady(e).map(v -> v.number).orElse(null), versions, e.competitionSlug);
    }

    /** Version {@code n} ("latest": the newest ready one). */
    @Transactional
    public EnvironmentViews.VersionView version(String name, String n) {
        return view(find(name, n));
    }

    /** The log so far: live while the build runs, stored after. */
    @Transactional
    public BuildLogState log(String name, String n) {
        EnvironmentVersion v = find(name, n);
        return new BuildLogState(v.id, v.status != EnvironmentStatus.BUILDING, logText(v));
    }

    /** A version's log and whether the build has ended, for followers polling by id. */
    @Transactional
    public BuildLogState log(long versionId) {
        EnvironmentVersion v = EnvironmentVersion.findById(versionId);
        return new BuildLogState(versionId, v.status != EnvironmentStatus.BUILDING, logText(v));
    }

    public record BuildLogState(long versionId, boolean ended, String text) {
    }

    /** What the next build is likely to download and take: the figures of the environment's last build that ran. */
    @Transactional
    public Optional<Estimate> estimate(String name) {
        Environment e = environment(name);
        return EnvironmentVersion.listFor(e).stream().filter(v -> v.status == EnvironmentStatus.READY && !v.reused && v.buildTime() != null)
                .findFirst().map(v -> new Estimate(v.number, v.downloadBytes, v.buildTime(), v.imageBytes));
    }

    public record Estimate(int fromVersion, Long downloadBytes, Duration buildTime, Long imageBytes) {
    }

    EnvironmentViews.VersionView view(EnvironmentVersion v) {
        Duration took = v.buildTime();
        return new EnvironmentViews.VersionView(v.environment.name, v.number, v.status,
                new EnvironmentViews.Image(v.imageName, v.imageDigest), Recipe.parse(v.recipe, "recipe").packages(),
                PackageList.parse(v.packages).entries(), logText(v), v.failureMessage, v.createdAt, v.builtAt,
                took == null ? null : took.toSeconds(), v.downloadBytes, v.imageBytes, v.recipeHash, v.reused);
    }

    private String logText(EnvironmentVersion v) {
        if (v.status == EnvironmentStatus.BUILDING) {
            return logs.text(v.id).filter(text -> !text.isEmpty()).orElse("Waiting for the build before it to end\n");
        }
        return v.buildLog == null ? "" : v.buildLog;
    }

    static Environment environment(String name) {
        return Environment.byName(name).orElseThrow(() -> ProblemException.notFound("There is no environment '" + name + "'"));
    }

    static EnvironmentVersion find(String name, String n) {
        Environment e = environment(name);
        if ("latest".equals(n)) {
            return EnvironmentVersion.latestReady(e).orElseThrow(() -> ProblemException.notFound(
                    "The environment '" + name + "' has no built version yet"));
        }
        int number;
        try {
            number = Integer.parseInt(n);
        } catch (NumberFormatException notNumber) {
            throw ProblemException.notFound("A version is a number or 'latest', not '" + n + "'");
        }
        return EnvironmentVersion.byNumber(e, number).orElseThrow(() -> ProblemException.notFound(
                "The environment '" + name + "' has no version " + n));
    }
}
