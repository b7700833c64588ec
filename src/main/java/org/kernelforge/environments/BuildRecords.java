package org.kernelforge.environments;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.kernelforge.platform.ProblemException;

import java.time.Instant;
import java.util.List;

/** The database side of a build: what it starts from, and its outcome, each written once in its own transaction. */
@ApplicationScoped
public class BuildRecords {

    /** What a build needs to know: the version, its image's tag, the base image and the packages to install. */
    record Task(long versionId, String environment, int number, String baseImage, List<String> packages) {
    }

    record Built(String imageName, String imageDigest, long imageBytes, Long downloadBytes, String packages, String log) {
    }

    private final EnvironmentsConfig config;

    public BuildRecords(EnvironmentsConfig config) {
        this.config = config;
    }

    @Transactional
    Task start(long versionId) {
        EnvironmentVersion v = EnvironmentVersion.findById(versionId);
        Environment base = Environment.byName(config.defaultEnvironment())
                .orElseThrow(() -> ProblemException.unavailable("the base environment is missing"));
        EnvironmentVersion baseVersion = EnvironmentVersion.latestReady(base)
                .orElseThrow(() -> ProblemException.unavailable("the base environment has no ready version"));
        v.startedAt = Instant.now();
        v.baseDigest = baseVersion.imageDigest;
        return new Task(v.id, v.environment.name, v.number, baseVersion.imageName,
                Recipe.parse(v.recipe, "recipe").packages());
    }

    @Transactional
    void baseDigest(long versionId, String digest) {
        EnvironmentVersion v = EnvironmentVersion.findById(versionId);
        v.baseDigest = digest;
    }

    @Transactional
    void succeed(long versionId, Built built) {
        EnvironmentVersion v = EnvironmentVersion.findById(versionId);
        v.imageName = built.imageName();
        v.imageDigest = built.imageDigest();
        v.imageBytes = built.imageBytes();
        v.downloadBytes = built.downloadBytes();
        v.packages = built.packages();
        v.buildLog = built.log();
        v.builtAt = Instant.now();
        v.status = EnvironmentStatus.READY;
    }

    @Transactional
    void fail(long versionId, String message, String log, Long downloadBytes) {
        EnvironmentVersion v = EnvironmentVersion.findById(versionId);
        v.failureMessage = message.length() > 4000 ? message.substring(0, 4000) : message;
        v.buildLog = log;
        v.downloadBytes = downloadBytes;
        v.builtAt = Instant.now();
        v.status = EnvironmentStatus.FAILED;
    }

    /** Builds a stopped server left under way, oldest first. */
    @Transactional
    List<Long> unfinished() {
        return EnvironmentVersion.inStatus(EnvironmentStatus.BUILDING).stream().map(v -> v.id).toList();
    }
}
