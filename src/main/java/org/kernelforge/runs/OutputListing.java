package org.kernelforge.runs;

import java.util.List;

/**
 * What {@link WorkingDirectories#listOutputs} found.
 *
 * @param files   regular files and inside-pointing symlinks, sorted by path
 * @param skipped entries left out, each "path: reason" (symlinks pointing outside the working
 *                directory, fifos, sockets, devices, paths too long to keep)
 * @param overLimit true when the walk stopped at more files than it was allowed to list
 */
public record OutputListing(List<OutputFile> files, List<String> skipped, boolean overLimit) {

    public long totalBytes() {
        return files.stream().mapToLong(OutputFile::size).sum();
    }
}
