package org.kernelforge.runs;

import java.util.Locale;
import java.util.Optional;

/**
 * The language of the code a run executes, which decides its runner ({@link RunnerScripts}): Python scripts run with
 * {@code python3}, R scripts with {@code Rscript}; notebooks of both run with nbclient, on the notebook's Jupyter
 * kernel for the language ({@code python3}, or IRkernel's {@code ir}), and so do interactive sessions.
 */
public enum Language {
    PYTHON(".py", "python3"), R(".R", "ir");

    private final String scriptExtension;
    private final String kernelName;

    Language(String scriptExtension, String kernelName) {
        this.scriptExtension = scriptExtension;
        this.kernelName = kernelName;
    }

    /** The name of the language's Jupyter kernelspec: {@code python3} (ipykernel), {@code ir} (IRkernel). */
    public String kernelName() {
        return kernelName;
    }

    /** The language whose Jupyter kernelspec is named {@code name}. */
    public static Optional<Language> ofKernelName(String name) {
        for (Language language : values()) {
            if (language.kernelName.equals(name)) {
                return Optional.of(language);
            }
        }
        return Optional.empty();
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
