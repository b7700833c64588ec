package org.kernelforge.environments;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.kernelforge.platform.ProblemException;

import java.time.Instant;
import java.util.List;

/** The database side of a build: what it starts from, and its outcome, each written once in its own transaction. */
@ApplicationScoped
public class BuildRecords {

    /**
     * What a build needs to know: the version, its image's tag, the base environment version (its ref "name/n", its
     * image's name and what its containers start from, by digest) and the packages to install.
     */
    record Task(long versionId, String environment, int number, String baseRef, String baseImage, String baseReference,
                List<String> packages, boolean fromScratch) {
    }

    /** {@code reused}: the image was already on the engine (the build cache), nothing was installed. */
    record Built(String imageName, String imageDigest, long imageBytes, Long downloadBytes, String packages, String log,
                 String recipeHash, boolean reused) {
    }

    private final EnvironmentsConfig config;

    public BuildRecords(EnvironmentsConfig config) {
        this.config = config;
    }

    /** The image builds start from: the default environment's newest ready version, by digest. */
    @Transactional
    String baseImage() {
        Environment base = Environment.byName(config.defaultEnvironment())
                .orElseThrow(() -> ProblemException.unavailable("the base environment is missing"));
        return EnvironmentVersion.latestReady(base)
                .orElseThrow(() -> ProblemException.unavailable("the base environment has no ready version")).imageReference();
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
        return new Task(v.id, v.environment.name, v.number, baseVersion.ref(), baseVersion.imageName,
                baseVersion.imageReference(), Recipe.parse(v.recipe, "recipe").packages(), v.fromScratch);
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
        v.recipeHash = built.recipeHash();
        v.reused = built.reused();
        v.builtAt = Instant.now();
        v.status = EnvironmentStatus.READY;
    }

    /** The package list an earlier version recorded for this image, so a reused image need not be listed again. */
    @Transactional
    java.util.Optional<String> packagesOf(String imageDigest) {
        return EnvironmentVersion.<EnvironmentVersion>find("imageDigest = ?1 and packages is not null order by id desc", imageDigest)
                .firstResultOptional().map(v -> v.packages);
    }

    @Transactional
    void fail(long versionId, String message, String log, Long downloadBytes, String recipeHash) {
        EnvironmentVersion v = EnvironmentVersion.findById(versionId);
        v.recipeHash = recipeHash;
        v.failureMessage = message.length() > 4000 ? message.substring(0, 4000) : message;
        v.buildLog = log;
        v.downloadBytes = downloadBytes;
        v.builtAt = Instant.now();
        v.status = EnvironmentStatus.FAILED;
    }

    /** The package list (and digest, when it was not known) of a version that needed no build. */
    @Transactional
    void listed(long versionId, String digest, String packages) {
        EnvironmentVersion v = EnvironmentVersion.findById(versionId);
        if (v.imageDigest == null || v.imageDigest.isEmpty()) {
            v.imageDigest = digest;
        }
        v.packages = packages;
    }

    /** Ready versions whose packages were never listed: the python environment's version 1. */
    @Transactional
    List<EnvironmentVersion> unlisted() {
        return EnvironmentVersion.list("status = ?1 and packages is null and imageName is not null", EnvironmentStatus.READY);
    }

    /** Builds a stopped server left under way, oldest first. */
    @Transactional
    List<Long> unfinished() {
        return EnvironmentVersion.inStatus(EnvironmentStatus.BUILDING).stream().map(v -> v.id).toList();
    }
}
