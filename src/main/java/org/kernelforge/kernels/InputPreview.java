package org.kernelforge.kernels;

import java.util.List;

/**
 * One data source as a kernel committed with it would see it: where it is mounted and its files, or why it cannot
 * be mounted ({@code error}, then the other fields but {@code kind} and {@code source} are null).
 */
public record InputPreview(String kind, String source, String ref, Integer version, String mount, List<File> files,
                           String error) {

    /** A file under the mount: its path inside the input and its size in bytes. */
    public record File(String path, long size) {
    }

    static InputPreview refused(String kind, String source, String error) {
        return new InputPreview(kind, source, null, null, null, null, error);
    }
}
