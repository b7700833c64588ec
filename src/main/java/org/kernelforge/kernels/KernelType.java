package org.kernelforge.kernels;

import java.util.Locale;
import java.util.Optional;

/** What a kernel's source is: a Python script, or a Jupyter notebook document. */
public enum KernelType {
    SCRIPT, NOTEBOOK;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<KernelType> parse(String id) {
        for (KernelType t : values()) {
            if (t.id().equals(id)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The file name the source has inside the run. */
    public String sourceFileName() {
        return this == SCRIPT ? "__script__.py" : "__notebook__.ipynb";
    }
}
