package org.kernelforge.competitions.scoring;

import java.util.List;
import java.util.stream.Collectors;

/** A header's column names as they appear in a message. */
final class ColumnNames {

    private static final int MAX_LISTED = 20;

    private ColumnNames() {
    }

    static String listed(List<String> names) {
        String shown = names.stream().limit(MAX_LISTED).map(ShownValue::of).collect(Collectors.joining(","));
        return names.size() > MAX_LISTED ? shown + ",… (" + names.size() + " columns)" : shown;
    }
}
