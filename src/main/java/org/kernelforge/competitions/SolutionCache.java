package org.kernelforge.competitions;

import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.competitions.scoring.ScoringSpec;
import org.kernelforge.competitions.scoring.Solution;
import org.kernelforge.competitions.scoring.SolutionRejected;
import org.kernelforge.storage.BlobCache;
import org.kernelforge.storage.BlobStore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parsed solutions kept in memory, a few at a time, so that scoring a submission reads only the
 * submission: a burst of submissions to one competition parses its solution once.
 */
@ApplicationScoped
class SolutionCache {

    private static final int ENTRIES = 4;

    private final BlobStore blobs;
    private final BlobCache cache;
    private final Map<String, Solution> parsed = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Solution> eldest) {
            return size() > ENTRIES;
        }
    };

    SolutionCache(BlobStore blobs, BlobCache cache) {
        this.blobs = blobs;
        this.cache = cache;
    }

    Solution get(String solutionSha256, ScoringSpec spec) throws IOException, SolutionRejected {
        String key = solutionSha256 + " " + spec;
        synchronized (parsed) {
            Solution hit = parsed.get(key);
            if (hit != null) {
                return hit;
            }
        }
        Solution solution;
        try (InputStream in = Files.newInputStream(cache.fetch(solutionSha256, blobs))) {
            solution = Solution.parse(in, spec, null, null);
        }
        synchronized (parsed) {
            parsed.put(key, solution);
        }
        return solution;
    }
}
