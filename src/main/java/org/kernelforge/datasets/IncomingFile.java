package org.kernelforge.datasets;

import org.kernelforge.storage.BlobStore;

import java.nio.file.Path;

/**
 * A file handed to an upload: the name it was sent under (a multipart filename, a raw upload's name, or a path
 * relative to a seed folder), and where its bytes are: on local disk, or already in the blob store ({@code stored},
 * for raw uploads). Zip archives among them are extracted, which needs them on local disk.
 */
public record IncomingFile(String name, Path path, BlobStore.Blob stored) {

    public IncomingFile(String name, Path path) {
        this(name, path, null);
    }

    String describe() {
        return "the file '" + name + "'";
    }
}
