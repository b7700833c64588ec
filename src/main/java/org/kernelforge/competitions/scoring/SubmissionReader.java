package org.kernelforge.competitions.scoring;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * Reads a competitor's CSV against a solution: checks the header, pairs every row with a solution row by id, and
 * parses the predictions into arrays indexed like the solution's rows. Every fault is a {@link SubmissionRejected}
 * that names the line (as a spreadsheet numbers it, header = 1), the column and the value.
 */
final class SubmissionReader {

    static final String FILE = "submission.csv";
    private static final int EXAMPLES = 5;
    /** Extra columns beyond the expected ones that are still read to be named in the message. */
    private static final int EXTRA_COLUMNS_NAMED = 64;

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
        } catch (MalformedCsv e) {
            throw new SubmissionRejected(e.getMessage());
        } catch (IOException e) {
            // the platform failed to deliver the bytes: not the competitor's fault, so not a rejection
            throw new UncheckedIOException(e);
        }
    }

    private Predictions read() throws IOException, MalformedCsv, SubmissionRejected {
        if (!csv.next()) {
            throw new SubmissionRejected(FILE + " is empty; it needs the header " + expectedHeader() + " and one line per id");
        }
        int[] targetOfField = readHeader();
        int fields = targetOfField.length;
        int idField = indexOf(targetOfField, -1);
        byte[] b = csv.bytes();
        int records = 0;
        while (csv.next()) {
            if (csv.fieldCount() != fields) {
                throw new SubmissionRejected(FILE + " line " + csv.line() + " has " + csv.fieldCount()
                        + " fields, but the header has " + fields + " (" + expectedHeader() + ")");
            }
            int from = csv.trimmedStart(idField);
            int to = csv.trimmedEnd(idField);
            if (from == to) {
                throw new SubmissionRejected(FILE + " line " + csv.line() + ": the " + solution.idColumn + " is empty");
            }
            int row = solution.ids.find(b, from, to, records);
            records++;
            if (row < 0) {
                if (records > 2L * lineOfRow.length + 1000) {
                    throw new SubmissionRejected(FILE + " has more than " + (records - 1) + " rows, but the solution has only "
                            + lineOfRow.length + " ids (e.g. " + String.join(", ", extraExamples) + " are not in the solution)");
                }
                extraIds++;
                if (extraExamples.size() < EXAMPLES) {
                    extraExamples.add(csv.shown(idField) + " (line " + csv.line() + ")");
                }
                continue;
            }
            if (lineOfRow[row] != 0) {
                throw new SubmissionRejected(FILE + ": " + solution.idColumn + " " + csv.shown(idField)
                        + " appears twice, on lines " + lineOfRow[row] + " and " + csv.line() + "; each id must appear once");
            }
            lineOfRow[row] = csv.line();
            for (int f = 0; f < fields; f++) {
                if (targetOfField[f] >= 0) {
                    predictions.read(csv, f, row, targetOfField[f]);
                }
            }
        }
        checkIds(records);
        return predictions;
    }

    /** For each header field, the target column it holds, or -1 for the id column. */
    private int[] readHeader() throws SubmissionRejected {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < csv.fieldCount(); i++) {
            names.add(csv.text(i));
        }
        var seen = new HashSet<String>();
        for (String name : names) {
            if (!seen.add(name)) {
                throw new SubmissionRejected(FILE + ": the header names column " + ShownValue.of(name)
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
            throw new SubmissionRejected(message.toString());
        }
        int[] targetOfField = new int[names.size()];
        for (int i = 0; i < names.size(); i++) {
            targetOfField[i] = solution.targetColumns.indexOf(names.get(i));
        }
        return targetOfField;
    }

    private void checkIds(int records) throws SubmissionRejected {
        int found = records - extraIds;
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
        throw new SubmissionRejected(message.toString());
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
