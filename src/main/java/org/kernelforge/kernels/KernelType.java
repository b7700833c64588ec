package org.kernelforge.kernels;

import org.kernelforge.runs.Language;

import java.util.Locale;
import java.util.Optional;

/** What a kernel's source is: a script, or a Jupyter notebook document. */
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

    /** The file name the source has inside the run: {@code __script__.py}, {@code __script__.R}, {@code __notebook__.ipynb}. */
    public String sourceFileName(Language language) {
        return this == SCRIPT ? "__script__" + language.scriptExtension() : "__notebook__.ipynb";
    }
}
