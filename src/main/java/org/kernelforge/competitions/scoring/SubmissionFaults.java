package org.kernelforge.competitions.scoring;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The faults found in one submission, by kind, so that the competitor learns every kind at once: for each kind how
 * many lines have it and the first few, each message naming its line. One kind alone reads as it always did.
 */
final class SubmissionFaults {

    /** The kinds, in the order the message lists them. */
    enum Kind { CSV, HEADER, FIELD_COUNT, EMPTY_ID, DUPLICATE_ID, IDS, VALUE }

    static final int EXAMPLES = 3;
    /** The message is stored in a column of 4000 characters. */
    static final int MAX_MESSAGE = 3900;

    private static final class Group {
        final List<String> examples = new ArrayList<>();
        long count;
    }

    private final Map<Kind, Group> groups = new EnumMap<>(Kind.class);

    void add(Kind kind, String message) {
        Group g = groups.computeIfAbsent(kind, k -> new Group());
        g.count++;
        if (g.examples.size() < EXAMPLES) {
            g.examples.add(message);
        }
    }

    boolean isEmpty() {
        return groups.isEmpty();
    }

    SubmissionRejected rejection() {
        List<String> parts = new ArrayList<>();
        groups.forEach((kind, g) -> parts.add(describe(g)));
        String message = parts.size() == 1 ? parts.get(0)
                : SubmissionReader.FILE + " has " + parts.size() + " kinds of faults:\n- " + String.join("\n- ", parts);
        return new SubmissionRejected(message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE - 1) + "…" : message);
    }

    private static String describe(Group g) {
        StringBuilder text = new StringBuilder(g.examples.get(0));
        for (int i = 1; i < g.examples.size(); i++) {
            String example = g.examples.get(i);
            // the file is named once per kind
            String prefix = SubmissionReader.FILE + (example.startsWith(SubmissionReader.FILE + ": ") ? ": " : " ");
            text.append("; ").append(example.startsWith(prefix) ? example.substring(prefix.length()) : example);
        }
        long more = g.count - g.examples.size();
        if (more > 0) {
            text.append("; and ").append(more).append(more == 1 ? " more line like these" : " more lines like these");
        }
        return text.toString();
    }
}
