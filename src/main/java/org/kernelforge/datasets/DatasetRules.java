package org.kernelforge.datasets;

import org.kernelforge.platform.ProblemException;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** What a dataset's slug, title and other descriptive fields may be; shared by upload, seed and PATCH. */
final class DatasetRules {

    static final Pattern SLUG = Pattern.compile("[a-z0-9-]{3,50}");
    static final int MAX_KEYWORDS = 20;
    static final int MAX_KEYWORD = 50;

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

    static String title(String title) {
        String t = title == null ? "" : title.strip();
        if (t.length() < 3 || t.length() > 100) {
            throw ProblemException.badRequest("title", "The title is required and must be 3 to 100 characters (it has "
                    + t.length() + ")");
        }
        return t;
    }

    static String subtitle(String subtitle) {
        return optional(subtitle, "subtitle", 200);
    }

    static String description(String description) {
        return optional(description, "description", 20_000);
    }

    static String licenseName(String licenseName) {
        return optional(licenseName, "licenseName", 100);
    }

    static String notes(String notes) {
        return optional(notes, "notes", 2000);
    }

    /** Trimmed, blank ones dropped, duplicates (ignoring case) dropped, order kept. */
    static List<String> keywords(List<String> keywords) {
        if (keywords == null) {
            return List.of();
        }
        List<String> result = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String keyword : keywords) {
            String k = keyword == null ? "" : keyword.strip();
            if (k.isEmpty() || !seen.add(k.toLowerCase(Locale.ROOT))) {
                continue;
            }
            if (k.length() > MAX_KEYWORD || k.contains(",")) {
                throw ProblemException.badRequest("keywords", "The keyword '" + k + "' must be at most " + MAX_KEYWORD
                        + " characters and hold no comma");
            }
            result.add(k);
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
