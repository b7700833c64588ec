package org.kernelforge.datasets;

import org.kernelforge.platform.ProblemException;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A dataset's slug, and its descriptive fields as stored (stripped, blank ones absent, keywords once each).
 * Their lengths are Bean Validation constraints on {@link DatasetMetadata} and {@link DatasetPatch.Fields},
 * with these messages.
 */
final class DatasetRules {

    static final String TITLE = "The title is required and must be 3 to 100 characters (it has {length})";
    static final String SUBTITLE = "The subtitle must be at most {max} characters (it has {length})";
    static final String DESCRIPTION = "The description must be at most {max} characters (it has {length})";
    static final String LICENSE_NAME = "The licenseName must be at most {max} characters (it has {length})";
    static final String KEYWORD = "The keyword '${validatedValue}' must be at most 50 characters and hold no comma";

    static final Pattern SLUG = Pattern.compile("[a-z0-9-]{3,50}");
    static final int MAX_KEYWORDS = 20;

    private DatasetRules() {
    }

    static String slug(String slug, String field) {
        if (slug == null || !SLUG.matcher(slug).matches()) {
            throw ProblemException.badRequest(field, "The dataset slug '" + (slug == null ? "" : slug)
                    + "' must be 3 to 50 characters: lower-case letters, digits and '-'");
        }
        return slug;
    }

    /** The slug Kaggle would make from a title: lower-case ASCII letters and digits joined by '-'. */
    static String slugFromTitle(String title) {
        String ascii = Normalizer.normalize(title, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > 50) {
            slug = slug.substring(0, 50).replaceAll("-+$", "");
        }
        if (slug.length() < 3) {
            throw ProblemException.badRequest("id", "No slug can be made from the title '" + title
                    + "'; set \"id\": \"<your username>/<slug>\" in the metadata");
        }
        return slug;
    }

    /** A title may not be cleared; its length was checked with {@link #TITLE}. */
    static String title(String title) {
        if (title == null) {
            throw ProblemException.badRequest("title", TITLE.replace("{length}", "0"));
        }
        return title.strip();
    }

    static String optional(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    static String notes(String notes) {
        return optional(notes, "notes", 2000);
    }

    /** Trimmed, blank ones dropped, duplicates (ignoring case) dropped, order kept; at most 20 of them then. */
    static List<String> keywords(List<String> keywords) {
        if (keywords == null) {
            return List.of();
        }
        List<String> result = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String keyword : keywords) {
            String k = keyword == null ? "" : keyword.strip();
            if (!k.isEmpty() && seen.add(k.toLowerCase(Locale.ROOT))) {
                result.add(k);
            }
        }
        if (result.size() > MAX_KEYWORDS) {
            throw ProblemException.badRequest("keywords", "At most " + MAX_KEYWORDS + " keywords are allowed (got "
                    + result.size() + ")");
        }
        return result;
    }

    private static String optional(String value, String field, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (v.length() > max) {
            throw ProblemException.badRequest(field, "The " + field + " must be at most " + max + " characters (it has "
                    + v.length() + ")");
        }
        return v;
    }
}
