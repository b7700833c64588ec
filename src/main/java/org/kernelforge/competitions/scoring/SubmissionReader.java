package org.kernelforge.competitions.scoring;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.kernelforge.competitions.scoring.SubmissionFaults.Kind;

/**
 * Reads a competitor's CSV against a solution: checks the header, pairs every row with a solution row by id, and
 * parses the predictions into arrays indexed like the solution's rows. It reads on past a fault, so that the one
 * {@link SubmissionRejected} names every kind found ({@link SubmissionFaults}), each example with its line (as a
 * spreadsheet numbers it, header = 1), the column and the value.
 */
final class SubmissionReader {

    static final String FILE = "submission.csv";
    private static final int EXAMPLES = 5;
    /** Extra columns beyond the expected ones that are still read to be named in the message. */
    private static final int EXTRA_COLUMNS_NAMED = 64;
    /** Header fields: the id column, or one that is not read (unexpected, or named a second time). */
    private static final int ID = -1;
    private static final int IGNORED = -2;
    /** What {@link #find} answers for a line paired with no solution row, and when the file has far too many. */
    private static final int NOT_PAIRED = -1;
    private static final int TOO_MANY = -2;

    private final Solution solution;
    private final Metric metric;
    private final int columns;
    private final int k;
    private final CsvRecords csv;
    /** The line each solution row was found on, 0 while not found. */
    private final int[] lineOfRow;
    private final Predictions predictions;
    private int extraIds;
    private final List<String> extraExamples = new ArrayList<>();
    /** Data lines read, and those paired with a solution row. */
    private int records;
    private int found;
    private final SubmissionFaults faults = new SubmissionFaults();

    private SubmissionReader(Solution solution, InputStream in, ScoringSpec spec) {
        this.solution = solution;
        this.metric = spec.metric();
        this.columns = solution.columns();
        this.k = spec.effectiveK();
        this.csv = new CsvRecords(in, FILE, columns + 1 + EXTRA_COLUMNS_NAMED);
        this.lineOfRow = new int[solution.rowCount()];
        this.predictions = new Predictions(solution, k);
    }

    static Predictions read(Solution solution, InputStream in, ScoringSpec spec) throws SubmissionRejected {
        try {
            return new SubmissionReader(solution, in, spec).read();
        } catch (IOException e) {
            // the platform failed to deliver the bytes: not the competitor's fault, so not a rejection
            throw new UncheckedIOException(e);
        }
    }

    private Predictions read() throws IOException, SubmissionRejected {
        try {
            if (!csv.next()) {
                throw new SubmissionRejected(FILE + " is empty; it needs the header " + expectedHeader() + " and one line per id");
            }
        } catch (MalformedCsv e) {
            throw new SubmissionRejected(e.getMessage());
        }
        int[] targetOfField = readHeader();
        if (targetOfField == null) {
            throw faults.rejection(); // without the id column no line can be paired with the solution
        }
        boolean readToEnd = readRecords(targetOfField);
        if (readToEnd) {
            checkIds();
        }
        if (!faults.isEmpty()) {
            throw faults.rejection();
        }
        return predictions;
    }

    /** Reads every record, noting each fault and going on; false when the file could not be read to its end. */
    private boolean readRecords(int[] targetOfField) throws IOException {
        int fields = targetOfField.length;
        int idField = indexOf(targetOfField, ID);
        byte[] b = csv.bytes();
        try {
            while (csv.next()) {
                records++;
                if (csv.fieldCount() != fields) {
                    faults.add(Kind.FIELD_COUNT, FILE + " line " + csv.line() + " has " + csv.fieldCount()
                            + " fields, but the header has " + fields + " (" + expectedHeader() + ")");
                    if (idField < csv.fieldCount()) {
                        find(b, idField); // its id is there, only its values are not read
                    }
                    continue;
                }
                int row = find(b, idField);
                if (row < 0) {
                    if (row == TOO_MANY) {
                        return false;
                    }
                    continue;
                }
                for (int f = 0; f < fields; f++) {
                    if (targetOfField[f] >= 0) {
                        try {
                            predictions.read(csv, f, row, targetOfField[f]);
                        } catch (SubmissionRejected e) {
                            faults.add(Kind.VALUE, e.getMessage());
                        }
                    }
                }
            }
            return true;
        } catch (MalformedCsv e) {
            faults.add(Kind.CSV, e.getMessage() + "; the lines after it were not read");
            return false;
        }
    }

    /** The solution row of the current record's id, noting it as found; NOT_PAIRED (fault noted) or TOO_MANY. */
    private int find(byte[] b, int idField) {
        int from = csv.trimmedStart(idField);
        int to = csv.trimmedEnd(idField);
        if (from == to) {
            faults.add(Kind.EMPTY_ID, FILE + " line " + csv.line() + ": the " + solution.idColumn + " is empty");
            return NOT_PAIRED;
        }
        int row = solution.ids.find(b, from, to, records - 1);
        if (row < 0) {
            if (records > 2L * lineOfRow.length + 1000) {
                faults.add(Kind.IDS, FILE + " has more than " + (records - 1) + " rows, but the solution has only "
                        + lineOfRow.length + " ids (e.g. " + String.join(", ", extraExamples)
                        + " are not in the solution); the lines after it were not read");
                return TOO_MANY;
            }
            extraIds++;
            if (extraExamples.size() < EXAMPLES) {
                extraExamples.add(csv.shown(idField) + " (line " + csv.line() + ")");
            }
            return NOT_PAIRED;
        }
        if (lineOfRow[row] != 0) {
            faults.add(Kind.DUPLICATE_ID, FILE + ": " + solution.idColumn + " " + csv.shown(idField)
                    + " appears twice, on lines " + lineOfRow[row] + " and " + csv.line() + "; each id must appear once");
            return NOT_PAIRED;
        }
        lineOfRow[row] = csv.line();
        found++;
        return row;
    }

    /**
     * For each header field, the target column it holds, {@link #ID} for the id column or {@link #IGNORED}; null
     * when the header has no id column. Its faults are noted.
     */
    private int[] readHeader() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < csv.fieldCount(); i++) {
            names.add(csv.text(i));
        }
        var seen = new HashSet<String>();
        for (String name : names) {
            if (!seen.add(name)) {
                faults.add(Kind.HEADER, FILE + ": the header names column " + ShownValue.of(name)
                        + " twice; expected " + expectedHeader());
            }
        }
        List<String> missing = new ArrayList<>();
        if (!names.contains(solution.idColumn)) {
            missing.add(solution.idColumn);
        }
        for (String target : solution.targetColumns) {
            if (!names.contains(target)) {
                missing.add(target);
            }
        }
        List<String> extra = new ArrayList<>(names);
        extra.remove(solution.idColumn);
        extra.removeAll(solution.targetColumns);
        if (!missing.isEmpty() || !extra.isEmpty()) {
            StringBuilder message = new StringBuilder(FILE + ": the header must be " + expectedHeader() + ", found "
                    + ColumnNames.listed(names));
            if (!missing.isEmpty()) {
                message.append("; missing ").append(ColumnNames.listed(missing));
            }
            if (!extra.isEmpty()) {
                message.append("; not expected ").append(ColumnNames.listed(extra));
            }
            faults.add(Kind.HEADER, message.toString());
        }
        if (!names.contains(solution.idColumn)) {
            return null;
        }
        int[] targetOfField = new int[names.size()];
        Set<String> assigned = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            boolean first = assigned.add(name);
            targetOfField[i] = !first ? IGNORED : name.equals(solution.idColumn) ? ID
                    : solution.targetColumns.contains(name) ? solution.targetColumns.indexOf(name) : IGNORED;
        }
        return targetOfField;
    }

    private void checkIds() {
        int missing = solution.rowCount() - found;
        if (missing == 0 && extraIds == 0) {
            return;
        }
        StringBuilder message = new StringBuilder(FILE + " has " + records + " rows, but the solution has "
                + solution.rowCount() + " ids");
        if (missing > 0) {
            List<String> examples = new ArrayList<>();
            for (int row = 0; row < lineOfRow.length && examples.size() < EXAMPLES; row++) {
                if (lineOfRow[row] == 0) {
                    examples.add(ShownValue.of(solution.ids.id(row)));
                }
            }
            message.append(": ").append(missing).append(missing == 1 ? " id is" : " ids are").append(" missing (e.g. ")
                    .append(String.join(", ", examples)).append(')');
        }
        if (extraIds > 0) {
            message.append(missing > 0 ? " and " : ": ").append(extraIds)
                    .append(extraIds == 1 ? " id is" : " ids are").append(" not in the solution (e.g. ")
                    .append(String.join(", ", extraExamples)).append(')');
        }
        faults.add(Kind.IDS, message.toString());
    }

    private String expectedHeader() {
        return solution.idColumn + "," + String.join(",", solution.targetColumns);
    }

    private static int indexOf(int[] values, int value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
