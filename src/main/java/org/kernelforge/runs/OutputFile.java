package org.kernelforge.runs;

/**
 * A file a run left under /kaggle/working.
 *
 * @param path       relative to the working directory, '/'-separated
 * @param size       bytes (0 for a symlink)
 * @param mode       POSIX permission bits, e.g. 0644
 * @param linkTarget for a symlink whose target stays inside the working directory: the link's
 *                   target as written; store it as a link and never follow it. Null for files.
 */
public record OutputFile(String path, long size, int mode, String linkTarget) {

    public boolean symlink() {
        return linkTarget != null;
    }
}
