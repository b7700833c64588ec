package org.kernelforge.datasets;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;

/** Limits of dataset uploads and the seed data loaded at first start. */
@ConfigMapping(prefix = "kernelforge.datasets")
public interface DatasetsConfig {

    /** Largest request body of an upload in bytes (the HTTP limit is set to the same value). */
    long maxUploadBytes();

    /** Safe extraction of uploaded zip archives. */
    Zip zip();

    /** Folder whose sub-folders (dataset-metadata.json plus data files) are loaded as public datasets of the admin. */
    Path seedDir();

    /** Whether the seed folder is loaded at start; datasets the admin already has are skipped. */
    boolean seedEnabled();

    interface Zip {
        /** Most bytes all archives of one upload may expand to. */
        long maxTotalBytes();

        /** Most bytes written per compressed byte read before an entry counts as a zip bomb. */
        int maxRatio();

        /** Most entries all archives of one upload may hold. */
        int maxEntries();

        /** Entries smaller than this many bytes are not held to the ratio (small files compress well). */
        @WithDefault("1048576")
        long ratioGraceBytes();
    }
}
