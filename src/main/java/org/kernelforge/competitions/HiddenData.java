package org.kernelforge.competitions;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.competitions.scoring.Solution;
import org.kernelforge.competitions.scoring.SolutionRejected;
import org.kernelforge.datasets.DatasetCatalog;
import org.kernelforge.datasets.UploadedFiles;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.storage.BlobStore;
import org.kernelforge.storage.StoredFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A code competition's hidden data: a zip whose files replace the public data's files of the same paths during
 * scoring reruns, and nowhere else. Stored like the solution (blobs no competitor can name); checked as datasets'
 * zips are; its test files must list the solution's ids.
 */
@ApplicationScoped
public class HiddenData {

    private final CompetitionQueries queries;
    private final SolutionService solutions;
    private final SolutionCache solutionCache;
    private final UploadedFiles uploads;
    private final DatasetCatalog datasets;
    private final BlobStore blobs;
    private final CompetitionsConfig config;
    private final CodeReruns reruns;

    HiddenData(CompetitionQueries queries, SolutionService solutions, SolutionCache solutionCache, UploadedFiles uploads,
               DatasetCatalog datasets, BlobStore blobs, CompetitionsConfig config, CodeReruns reruns) {
        this.reruns = reruns;
        this.queries = queries;
        this.solutions = solutions;
        this.solutionCache = solutionCache;
        this.uploads = uploads;
        this.datasets = datasets;
        this.blobs = blobs;
        this.config = config;
    }

    /**
     * Replaces the hidden data (organizers only) with the files of the zip in {@code body}: a new revision, on which
     * every code submission of the competition is rerun (Kaggle's rescoring).
     */
    public void upload(String slug, InputStream body) {
        Competition c = queries.organized(slug);
        if (!c.isCode()) {
            throw ProblemException.conflict("hiddenData", "'" + slug + "' is a file competition; hidden data is for code "
                    + "competitions (set \"kind\": \"code\" first)");
        }
        Path zip = null;
        try {
            zip = solutions.spoolBody(body, config.maxSolutionSize().asLongValue(), "hiddenData");
            List<StoredFile> files;
            try {
                files = uploads.storeArchive("hidden-data.zip", zip, blobs);
            } catch (ProblemException e) {
                throw new ProblemException(e.status(), "The hidden data was refused", e.getMessage(), "hiddenData");
            }
            checkSolution(c, files);
            List<Long> rerun = QuarkusTransaction.requiringNew().call(() -> {
                Competition locked = Competition.lock(c.id);
                HiddenFile.delete("competitionId", locked.id);
                for (StoredFile f : files) {
                    HiddenFile row = new HiddenFile();
                    row.competitionId = locked.id;
                    row.path = f.path();
                    row.sha256 = f.sha256();
                    row.size = f.size();
                    row.persist();
                }
                locked.hiddenDataUploadedAt = Instant.now();
                locked.updatedAt = locked.hiddenDataUploadedAt;
                locked.hiddenDataRevision++;
                return CodeReruns.queueStale(locked);
            });
            rerun.forEach(reruns::start);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            SolutionService.deleteQuietly(zip);
        }
    }

    /** What a scoring rerun mounts: the public data, each file the hidden data has replaced by it. */
    List<StoredFile> rerunFiles(Competition c) {
        Map<String, StoredFile> byPath = new LinkedHashMap<>();
        datasets.files(c.datasetVersionId).forEach(f -> byPath.put(f.path(), f));
        HiddenFile.of(c.id).forEach(f -> byPath.put(f.path, f.stored()));
        return new ArrayList<>(byPath.values());
    }

    /** The hidden files that replace a public file of the same path: the test files the solution must match. */
    static List<StoredFile> replacingTestFiles(Competition c, List<StoredFile> publicFiles) {
        List<String> publicPaths = publicFiles.stream().map(StoredFile::path).toList();
        return HiddenFile.of(c.id).stream().filter(f -> publicPaths.contains(f.path)).map(HiddenFile::stored).toList();
    }

    private void checkSolution(Competition c, List<StoredFile> files) throws IOException {
        if (c.solutionId == null) {
            return; // checked when the solution comes
        }
        List<StoredFile> publicFiles = QuarkusTransaction.requiringNew().call(() -> datasets.files(c.datasetVersionId));
        List<String> publicPaths = publicFiles.stream().map(StoredFile::path).toList();
        List<StoredFile> replacing = files.stream().filter(f -> publicPaths.contains(f.path())).toList();
        CompetitionSolution s = QuarkusTransaction.requiringNew().call(() -> CompetitionSolution.findById(c.solutionId));
        Solution solution;
        try {
            solution = solutionCache.get(s.sha256, SolutionService.specOf(c));
        } catch (SolutionRejected e) {
            return; // the settings changed since; the solution's own check says so
        }
        try {
            solutions.checkAgainstTestFiles(replacing, solution, "the hidden data");
        } catch (ProblemException e) {
            throw new ProblemException(e.status(), "The hidden data does not fit the solution", e.getMessage()
                    .replace("Fix the solution, or publish a dataset version whose test file matches it",
                            "Fix the hidden data's test file, or upload a solution that matches it first"), "hiddenData");
        }
    }
}
