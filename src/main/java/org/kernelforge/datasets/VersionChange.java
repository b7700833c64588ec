package org.kernelforge.datasets;

import org.kernelforge.storage.StoredFile;
import org.kernelforge.platform.ProblemException;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How a new version differs from the latest one: by default it keeps the latest version's files, new files
 * replace those with the same path, {@code remove} drops paths, {@code dropPreviousFiles} starts from nothing.
 */
record VersionChange(String notes, boolean dropPreviousFiles, List<String> remove) {

    VersionChange {
        notes = DatasetRules.notes(notes);
        remove = List.copyOf(new LinkedHashSet<>(remove));
    }

    /** Paths of the new version; checks the removals against the latest version's paths. */
    Set<String> paths(Collection<String> latest, Collection<String> added, int latestNumber, boolean complete) {
        Set<String> result = new LinkedHashSet<>(dropPreviousFiles ? List.of() : latest);
        for (String path : remove) {
            if (!latest.contains(path)) {
                throw ProblemException.badRequest("remove", "Version " + latestNumber + " has no file '" + path
                        + "' to remove; GET its files to see their paths");
            }
            result.remove(path);
        }
        result.addAll(added);
        if (complete && result.isEmpty()) {
            throw ProblemException.badRequest("file", "The new version would have no files; send at least one 'file' part");
        }
        if (complete) {
            FilePaths.checkNoFileIsAFolder(result);
        }
        return result;
    }

    /** The files of the new version, by path. */
    Map<String, StoredFile> apply(List<StoredFile> latest, List<StoredFile> added, int latestNumber) {
        paths(latest.stream().map(StoredFile::path).toList(), added.stream().map(StoredFile::path).toList(), latestNumber,
                true);
        Map<String, StoredFile> result = new TreeMap<>();
        if (!dropPreviousFiles) {
            latest.forEach(f -> result.put(f.path(), f));
        }
        remove.forEach(result::remove);
        added.forEach(f -> result.put(f.path(), f));
        return result;
    }
}
