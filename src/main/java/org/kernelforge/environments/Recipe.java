package org.kernelforge.environments;

import org.kernelforge.platform.ProblemException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The Debian packages an environment installs on its base image. Every name is checked against Debian's package
 * name syntax before anything runs, so nothing but a package name reaches apt's command line.
 */
public record Recipe(List<String> packages) {

    /** Debian policy 5.6.7: lower-case letters, digits, '+', '-', '.'; at least two characters, starting alphanumeric. */
    static final Pattern PACKAGE_NAME = Pattern.compile("[a-z0-9][a-z0-9+.-]+");
    static final int MAX_PACKAGES = 500;

    public Recipe {
        packages = List.copyOf(packages);
    }

    /** The packages a person sent, checked; {@code field} names them in the error. */
    public static Recipe of(List<String> requested, String field) {
        if (requested == null) {
            throw ProblemException.badRequest(field, field + " must be a list of Debian package names");
        }
        if (requested.size() > MAX_PACKAGES) {
            throw ProblemException.badRequest(field, field + " may name at most " + MAX_PACKAGES + " packages, not "
                    + requested.size());
        }
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (int i = 0; i < requested.size(); i++) {
            String name = requested.get(i) == null ? "" : requested.get(i).strip();
            if (!PACKAGE_NAME.matcher(name).matches() || name.length() > 100) {
                throw ProblemException.badRequest(field, field + "[" + i + "]: '" + shown(name)
                        + "' is not a Debian package name (lower-case letters, digits, '+', '-' and '.', starting with a"
                        + " letter or digit, at least two characters)");
            }
            names.add(name);
        }
        return new Recipe(new ArrayList<>(names));
    }

    /** A recipe file: one package a line, '#' starts a comment. */
    public static Recipe parse(String text, String source) {
        List<String> names = new ArrayList<>();
        for (String line : text.split("\n")) {
            int hash = line.indexOf('#');
            String name = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return of(names, source);
    }

    /** One package a line, as stored. */
    public String text() {
        return String.join("\n", packages);
    }

    private static String shown(String name) {
        return name.length() > 60 ? name.substring(0, 60) + "…" : name;
    }
}
