package org.kernelforge.competitions;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.competitions.scoring.IdCoverage;
import org.kernelforge.competitions.scoring.ScoringSpec;
import org.kernelforge.competitions.scoring.Solution;
import org.kernelforge.competitions.scoring.SolutionRejected;
import org.kernelforge.datasets.DatasetCatalog;
import org.kernelforge.identity.CurrentUser;
import org.kernelforge.platform.PlatformConfig;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.storage.BlobCache;
import org.kernelforge.storage.BlobStore;
import org.kernelforge.storage.StoredFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The organizers' hidden files: the solution (checked against the scoring settings, split between the
 * boards once, stored normalized) and the custom scoring program. Replacing either starts a rescore.
 */
@ApplicationScoped
public class SolutionService {

    private final CompetitionQueries queries;
    private final CurrentUser current;
    private final CompetitionsConfig config;
    private final BlobStore blobs;
    private final BlobCache blobCache;
    private final SolutionCache cache;
    private final DatasetCatalog datasets;
    private final Path spool;

    SolutionService(CompetitionQueries queries, CurrentUser current, CompetitionsConfig config, BlobStore blobs,
                    BlobCache blobCache, SolutionCache cache, DatasetCatalog datasets, PlatformConfig platform) {
        this.datasets = datasets;
        this.blobCache = blobCache;
        this.queries = queries;
        this.current = current;
        this.config = config;
        this.blobs = blobs;
        this.cache = cache;
        this.spool = platform.dataDir().toAbsolutePath().resolve("tmp").resolve("competitions");
    }

    /** Replaces the solution; returns the competition's id for the rescore that follows. */
    public long uploadSolution(String slug, InputStream body) {
        Competition c = queries.organized(slug);
        Path raw = null;
        Path normalized = null;
        try {
            raw = spoolBody(body, config.maxSolutionSize().asLongValue(), "solution");
            Solution solution;
            try (InputStream in = Files.newInputStream(raw)) {
                solution = Solution.parse(in, specOf(c), c.publicFraction, c.splitSeed);
            } catch (SolutionRejected e) {
                throw ProblemException.badRequest("solution", e.getMessage());
            }
            normalized = Files.createTempFile(spool, "solution-", ".csv");
            try (OutputStream out = Files.newOutputStream(normalized)) {
                solution.writeCsv(out);
            }
            List<StoredFile> publicFiles = QuarkusTransaction.requiringNew().call(() -> datasets.files(c.datasetVersionId));
            refuseIfPublished(c, publicFiles, BlobStore.sha256(raw), BlobStore.sha256(normalized));
            if (c.isCode()) {
                List<StoredFile> hidden = QuarkusTransaction.requiringNew().call(() -> HiddenData.replacingTestFiles(c, publicFiles));
                checkAgainstTestFiles(hidden, solution, "the hidden data");
            } else {
                checkAgainstTestFiles(publicFiles, solution, "the public data");
            }
            BlobStore.Blob blob = blobs.store(normalized);
            Long uploader = current.require().id();
            QuarkusTransaction.requiringNew().run(() -> {
                Competition locked = Competition.lock(c.id);
                CompetitionSolution s = new CompetitionSolution();
                s.competitionId = locked.id;
                s.sha256 = blob.sha256();
                s.size = blob.size();
                s.rowCount = solution.rowCount();
                s.publicRows = solution.publicRowCount();
                s.privateRows = solution.privateRowCount();
                s.uploadedBy = uploader;
                s.uploadedAt = Instant.now();
                s.persist();
                locked.solutionId = s.id;
                locked.scoringGeneration++;
                locked.updatedAt = s.uploadedAt;
            });
            return c.id;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(raw);
            deleteQuietly(normalized);
        }
    }

    /** Replaces the custom scoring program (Python source, UTF-8). */
    public long uploadProgram(String slug, InputStream body) {
        Competition c = queries.organized(slug);
        Path file = null;
        try {
            file = spoolBody(body, config.maxProgramSize().asLongValue(), "program");
            try {
                StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)));
            } catch (CharacterCodingException e) {
                throw ProblemException.badRequest("program", "The scoring program is not UTF-8 text; send the .py file itself");
            }
            if (Files.size(file) == 0) {
                throw ProblemException.badRequest("program", "The scoring program is empty");
            }
            BlobStore.Blob blob = blobs.store(file);
            QuarkusTransaction.requiringNew().run(() -> {
                Competition locked = Competition.lock(c.id);
                locked.scoringProgramSha256 = blob.sha256();
                locked.updatedAt = Instant.now();
                if (locked.isCustom()) {
                    locked.scoringGeneration++;
                }
            });
            return c.id;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(file);
        }
    }

    /** For organizers: the solution in force, as stored. */
    public StoredFile solutionFile(String slug) {
        Competition c = queries.organizedOrNotFound(slug, "solution");
        if (c.solutionId == null) {
            throw ProblemException.notFound("The competition '" + slug + "' has no solution yet; upload one with PUT");
        }
        CompetitionSolution s = CompetitionSolution.findById(c.solutionId);
        return new StoredFile(slug + "-solution.csv", s.sha256, s.size);
    }

    /** For organizers: when the solution in force was uploaded. */
    public Instant solutionUploadedAt(String slug) {
        Competition c = queries.organizedOrNotFound(slug, "solution");
        return c.solutionId == null ? Instant.now() : CompetitionSolution.<CompetitionSolution>findById(c.solutionId).uploadedAt;
    }

    /** After new scoring settings: the stored solution must still fit them, else nothing changes. */
    void checkCurrentSolutionFits(Competition c) {
        CompetitionSolution s = CompetitionSolution.findById(c.solutionId);
        try {
            cache.get(s.sha256, specOf(c));
        } catch (SolutionRejected e) {
            throw ProblemException.badRequest("solution", "The current solution does not fit these settings: "
                    + e.getMessage() + ". Upload a solution that does first, or keep the settings");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Custom competitions check only the columns and the split: the program does the rest. */
    static ScoringSpec specOf(Competition c) {
        return c.isCustom() ? new ScoringSpec(null, c.idColumn, c.targetColumns(), null) : c.scoringSpec();
    }

    /** A solution that is also a file of the public data would be no secret: refuse it. */
    private static void refuseIfPublished(Competition c, List<StoredFile> files, String... hashes) {
        for (StoredFile f : files) {
            for (String h : hashes) {
                if (f.sha256().equals(h)) {
                    throw ProblemException.badRequest("solution", "This solution is the file '" + f.path()
                            + "' of the competition's public data (" + c.datasetRef + "/" + c.datasetVersionNumber
                            + "); competitors could read it. Remove the answers from the public data first");
                }
            }
        }
    }

    /**
     * The public data's test files (test*.csv, sample_submission*.csv) must list exactly the solution's ids, or
     * competitors could not make a valid submission from them.
     */
    void checkAgainstTestFiles(List<StoredFile> files, Solution solution, String where) throws IOException {
        for (StoredFile f : files) {
            String name = f.path().substring(f.path().lastIndexOf('/') + 1).toLowerCase(java.util.Locale.ROOT);
            if (!name.endsWith(".csv") || !(name.startsWith("test") || name.startsWith("sample_submission")
                    || name.startsWith("sample-submission"))) {
                continue;
            }
            Optional<IdCoverage> coverage;
            try (InputStream in = Files.newInputStream(blobCache.fetch(f.sha256(), blobs))) {
                coverage = IdCoverage.of(solution, in, f.path());
            }
            if (coverage.isPresent() && !coverage.get().matches()) {
                IdCoverage cov = coverage.get();
                StringBuilder detail = new StringBuilder("The solution's ids do not match the ids of '" + f.path()
                        + "' in " + where + ", so competitors could not submit predictions for them:");
                if (cov.onlyInSolution() > 0) {
                    detail.append(" ").append(ids(cov.onlyInSolution())).append(" of the solution not in the file (e.g. ")
                            .append(String.join(", ", cov.onlyInSolutionExamples())).append(");");
                }
                if (cov.onlyInFile() > 0) {
                    detail.append(" ").append(ids(cov.onlyInFile())).append(" of the file not in the solution (e.g. ")
                            .append(String.join(", ", cov.onlyInFileExamples())).append(");");
                }
                detail.setLength(detail.length() - 1);
                throw ProblemException.badRequest("solution", detail + ". Fix the solution, or publish a dataset version "
                        + "whose test file matches it");
            }
        }
    }

    private static String ids(long n) {
        return n == 1 ? "1 id" : n + " ids";
    }

    Path spoolBody(InputStream body, long max, String field) throws IOException {
        if (body == null) {
            throw ProblemException.badRequest(field, "Send the " + field + " as the request body");
        }
        Files.createDirectories(spool);
        Path file = Files.createTempFile(spool, field + "-", ".part");
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            long total = 0;
            for (int n; (n = body.read(buffer)) > 0; ) {
                total += n;
                if (total > max) {
                    throw ProblemException.tooLarge(field, "The " + field + " is larger than this server accepts ("
                            + max + " bytes)");
                }
                out.write(buffer, 0, n);
            }
        } catch (RuntimeException | IOException e) {
            deleteQuietly(file);
            throw e;
        }
        return file;
    }

    static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover spool file is removed with the tmp directory
            }
        }
    }
}
