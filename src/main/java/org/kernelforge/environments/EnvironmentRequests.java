package org.kernelforge.environments;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.kernelforge.platform.StrippedLength;

import java.util.List;

/** What the API takes to create an environment and to build a version of it. */
public final class EnvironmentRequests {

    private EnvironmentRequests() {
    }

    public record Create(
            @NotNull(message = "name is required")
            @Pattern(regexp = "[a-z0-9][a-z0-9-]{1,39}", message = "name must be 2 to 40 characters: lower-case letters, digits"
                    + " and '-', starting with a letter or digit, not '${validatedValue}'")
            String name,
            @NotNull(message = "language is required: 'python' or 'r'")
            @Pattern(regexp = "python|r", message = "language must be 'python' or 'r', not '${validatedValue}'")
            String language,
            @StrippedLength(max = 1000, message = "description must have at most 1000 characters")
            String description,
            @NotNull(message = "packages is required: a list of Debian package names")
            List<String> packages,
            /** The slug of the competition it belongs to (its organizers build it); absent: site-wide (admins). */
            String competition) {

        public Create(String name, String language, String description, List<String> packages) {
            this(name, language, description, packages, null);
        }
    }

    /**
     * {@code packages}, when given, is the whole new recipe; absent, the build uses the current one. {@code fromScratch}
     * installs even when an image of the same recipe is on the engine (to take the archive's updates, say).
     */
    public record NewVersion(List<String> packages, Boolean fromScratch) {

        public NewVersion(List<String> packages) {
            this(packages, null);
        }

        boolean scratch() {
            return Boolean.TRUE.equals(fromScratch);
        }
    }
}
