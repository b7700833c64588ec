package org.kernelforge.runs;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A host directory mounted read-only at both {@code /kaggle/input/<name>} and {@code /input/<name>}.
 */
public record InputMount(Path hostDir, String name) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    public InputMount {
        Objects.requireNonNull(hostDir, "hostDir");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("input name must match " + NAME + ": " + name);
        }
        hostDir = hostDir.toAbsolutePath().normalize();
    }
}
