package org.kernelforge.runs;

import java.util.Locale;
import java.util.Optional;

/**
 * The language of the code a run executes, which decides its runner ({@link RunnerScripts}): Python scripts run with
 * {@code python3}, R scripts with {@code Rscript}; notebooks of both run with nbclient, on the notebook's Jupyter
 * kernel for the language ({@code python3}, or IRkernel's {@code ir}).
 */
public enum Language {
    PYTHON(".py"), R(".R");

    private final String scriptExtension;

    Language(String scriptExtension) {
        this.scriptExtension = scriptExtension;
    }

    /** As Kaggle's kernel-metadata.json spells it: {@code python}, {@code r}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** ".py", ".R". */
    public String scriptExtension() {
        return scriptExtension;
    }

    public static Optional<Language> parse(String id) {
        for (Language language : values()) {
            if (language.id().equals(id)) {
                return Optional.of(language);
            }
        }
        return Optional.empty();
    }
}
