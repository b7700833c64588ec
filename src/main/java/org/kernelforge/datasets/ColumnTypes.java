package org.kernelforge.datasets;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Infers the type of each CSV column from its non-empty cells: integer, float, boolean, date, datetime or string. */
final class ColumnTypes {

    static final String INTEGER = "integer";
    static final String FLOAT = "float";
    static final String BOOLEAN = "boolean";
    static final String DATE = "date";
    static final String DATETIME = "datetime";
    static final String STRING = "string";

    private static final Pattern INT = Pattern.compile("[-+]?\\d+");
    private static final Pattern REAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?|(?i)[-+]?(nan|inf|infinity)");
    private static final Pattern DATE_LIKE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}.*");

    private final List<String> types;

    ColumnTypes(int columns) {
        types = new ArrayList<>();
        for (int i = 0; i < columns; i++) {
            types.add(null);
        }
    }

    void add(List<String> row) {
        for (int i = 0; i < types.size() && i < row.size(); i++) {
            String cell = row.get(i).strip();
            if (!cell.isEmpty()) {
                types.set(i, merge(types.get(i), classify(cell)));
            }
        }
    }

    /** One type per column; a column with no value at all is a string column. */
    List<String> types() {
        return types.stream().map(t -> t == null ? STRING : t).toList();
    }

    static String classify(String cell) {
        if (INT.matcher(cell).matches()) {
            return INTEGER;
        }
        if (REAL.matcher(cell).matches()) {
            return FLOAT;
        }
        String lower = cell.toLowerCase(Locale.ROOT);
        if (lower.equals("true") || lower.equals("false")) {
            return BOOLEAN;
        }
        if (DATE_LIKE.matcher(cell).matches()) {
            if (cell.length() == 10 && parses(() -> LocalDate.parse(cell))) {
                return DATE;
            }
            String iso = cell.replace(' ', 'T');
            if (parses(() -> LocalDateTime.parse(iso)) || parses(() -> OffsetDateTime.parse(iso))) {
                return DATETIME;
            }
        }
        return STRING;
    }

    private static String merge(String before, String now) {
        if (before == null || before.equals(now)) {
            return now;
        }
        if (isNumber(before) && isNumber(now)) {
            return FLOAT;
        }
        if (isTime(before) && isTime(now)) {
            return DATETIME;
        }
        return STRING;
    }

    private static boolean isNumber(String type) {
        return type.equals(INTEGER) || type.equals(FLOAT);
    }

    private static boolean isTime(String type) {
        return type.equals(DATE) || type.equals(DATETIME);
    }

    private static boolean parses(Runnable parse) {
        try {
            parse.run();
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
