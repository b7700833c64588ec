package org.kernelforge.environments;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The packages an environment version holds, as stored: one a line, source TAB name TAB version. */
public record PackageList(List<Entry> entries) {

    public record Entry(String name, String version, String source) {
    }

    public static PackageList parse(String text) {
        List<Entry> entries = new ArrayList<>();
        if (text != null) {
            for (String line : text.split("\n")) {
                String[] parts = line.strip().split("\t");
                if (parts.length == 3 && !parts[1].isBlank()) {
                    entries.add(new Entry(parts[1].strip(), parts[2].strip(), parts[0].strip()));
                }
            }
        }
        entries.sort(Comparator.comparing(Entry::source).thenComparing(e -> e.name().toLowerCase(Locale.ROOT)));
        return new PackageList(List.copyOf(entries.stream().distinct().toList()));
    }

    public String text() {
        StringBuilder out = new StringBuilder();
        for (Entry e : entries) {
            out.append(e.source()).append('\t').append(e.name()).append('\t').append(e.version()).append('\n');
        }
        return out.toString();
    }

    /** The entries whose name contains {@code query} (case-insensitive); all for a blank query. */
    public List<Entry> matching(String query) {
        if (query == null || query.isBlank()) {
            return entries;
        }
        String q = query.strip().toLowerCase(Locale.ROOT);
        return entries.stream().filter(e -> e.name().toLowerCase(Locale.ROOT).contains(q)).toList();
    }
}
