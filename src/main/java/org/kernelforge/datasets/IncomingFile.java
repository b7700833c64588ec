package org.kernelforge.datasets;

import java.nio.file.Path;

/**
 * A file handed to an upload: the name it was sent under (a multipart filename, or a path relative to a seed
 * folder) and where its bytes are on local disk. Zip archives among them are extracted.
 */
public record IncomingFile(String name, Path path) {

    String describe() {
        return "the file '" + name + "'";
    }
}
