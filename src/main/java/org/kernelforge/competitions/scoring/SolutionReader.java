package org.kernelforge.competitions.scoring;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/** Reads and checks an organizer's solution CSV for a {@link ScoringSpec}. */
final class SolutionReader {

    private static final String FILE = "solution.csv";
    private static final int MAX_COLUMNS = 10_000;
    private static final byte[] PUBLIC = "public".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PRIVATE = "private".getBytes(StandardCharsets.US_ASCII);

    private final ScoringSpec spec;
    private final Metric metric;
    private final TargetKind kind;
    private final int columns;
    private final IdIndex.Builder ids = new IdIndex.Builder();
    private int[] lines = new int[1024];
    private double[] values = new double[1024];
    private int valueCount;
    private int[] codes = new int[1024];
    private int codeCount;
    private final BitSet publicRows = new BitSet();
    private final Labels labels = new Labels();
    private final Map<String, Integer> tokenCodes = new HashMap<>();
    private final List<String> tokenTexts = new ArrayList<>();
    private int[] relevantEnds = new int[1024];

    private SolutionReader(ScoringSpec spec) {
        this.spec = spec;
        this.metric = spec.metric();
        this.kind = spec.kind();
        this.columns = spec.targetColumns().size();
    }

    static Solution read(InputStream csv, ScoringSpec spec, Double publicFraction, Long seed) throws SolutionRejected {
        checkSpec(spec);
        if (publicFraction != null && !(publicFraction > 0 && publicFraction <= 1)) {
            throw new SolutionRejected("the public fraction must be more than 0 and at most 1, got " + publicFraction);
        }
        try {
            return new SolutionReader(spec).read(new CsvRecords(csv, FILE, MAX_COLUMNS), publicFraction, seed == null ? 0 : seed);
        } catch (MalformedCsv e) {
            throw new SolutionRejected(e.getMessage());
        } catch (IOException e) {
            // the platform failed to deliver the bytes: not the organizer's fault, so not a rejection
            throw new UncheckedIOException(e);
        }
    }

    private static void checkSpec(ScoringSpec spec) throws SolutionRejected {
        Metric metric = spec.metric();
        if (metric != null && metric.singleColumn() && spec.targetColumns().size() != 1) {
            throw new SolutionRejected(metric.id() + " scores exactly one target column, but " + spec.targetColumns().size()
                    + " are configured: " + String.join(", ", spec.targetColumns()));
        }
        var names = new HashSet<String>();
        names.add(spec.idColumn());
        for (String column : spec.targetColumns()) {
            if (!names.add(column)) {
                throw new SolutionRejected("column \"" + column + "\" is named twice among the id and target columns");
            }
        }
    }

    private Solution read(CsvRecords csv, Double publicFraction, long seed) throws IOException, MalformedCsv, SolutionRejected {
        if (!csv.next()) {
            throw new SolutionRejected(FILE + " is empty; it needs a header line with the columns "
                    + expectedColumns() + ", then one line per row");
        }
        int headerFields = csv.fieldCount();
        List<String> header = new ArrayList<>();
        for (int i = 0; i < headerFields; i++) {
            header.add(csv.text(i));
        }
        for (String needed : spec.targetColumns()) {
            if (header.indexOf(needed) != header.lastIndexOf(needed)) {
                throw new SolutionRejected(FILE + " has two columns named " + ShownValue.of(needed));
            }
        }
        if (header.indexOf(spec.idColumn()) != header.lastIndexOf(spec.idColumn())) {
            throw new SolutionRejected(FILE + " has two columns named " + ShownValue.of(spec.idColumn()));
        }
        int idField = header.indexOf(spec.idColumn());
        int[] targetFields = new int[columns];
        List<String> missing = new ArrayList<>();
        if (idField < 0) {
            missing.add(spec.idColumn());
        }
        for (int c = 0; c < columns; c++) {
            targetFields[c] = header.indexOf(spec.targetColumns().get(c));
            if (targetFields[c] < 0) {
                missing.add(spec.targetColumns().get(c));
            }
        }
        if (!missing.isEmpty()) {
            throw new SolutionRejected(FILE + " has no column " + String.join(", ", missing) + "; expected the columns "
                    + expectedColumns() + ", found " + ColumnNames.listed(header));
        }
        int usageField = -1;
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).equalsIgnoreCase("usage") && i != idField) {
                usageField = i;
            }
        }
        if (usageField < 0 && publicFraction == null) {
            throw new SolutionRejected(FILE + " has no Usage column (Public/Private on every row), so a public fraction is needed to split its rows");
        }

        int rows = 0;
        while (csv.next()) {
            if (csv.fieldCount() != headerFields) {
                throw new SolutionRejected(FILE + " line " + csv.line() + " has " + csv.fieldCount()
                        + " fields, but the header has " + headerFields);
            }
            int from = csv.trimmedStart(idField);
            int to = csv.trimmedEnd(idField);
            if (from == to) {
                throw new SolutionRejected(FILE + " line " + csv.line() + ": the id (column " + spec.idColumn() + ") is empty");
            }
            ids.add(csv.bytes(), from, to);
            if (rows == lines.length) {
                lines = Arrays.copyOf(lines, rows * 2);
            }
            lines[rows] = csv.line();
            readTargets(csv, rows, targetFields);
            if (usageField >= 0) {
                if (isWord(csv, usageField, PUBLIC)) {
                    publicRows.set(rows);
                } else if (!isWord(csv, usageField, PRIVATE)) {
                    throw new SolutionRejected(FILE + " line " + csv.line() + ": Usage must be Public or Private, found "
                            + csv.shown(usageField));
                }
            }
            rows++;
        }
        if (rows == 0) {
            throw new SolutionRejected(FILE + " has a header but no rows");
        }
        IdIndex index;
        try {
            index = ids.build();
        } catch (IdIndex.RepeatedId e) {
            throw new SolutionRejected(FILE + ": id " + ShownValue.of(idText(e.secondRow)) + " appears twice, on lines "
                    + lines[e.firstRow] + " and " + lines[e.secondRow] + "; ids must be unique");
        }
        if (usageField < 0) {
            splitByHash(index, rows, publicFraction, seed);
        } else if (publicRows.isEmpty()) {
            throw new SolutionRejected(FILE + " has no row with Usage Public; at least one row must be on the Public board");
        }
        Solution solution = new Solution(spec, index, publicRows,
                kind == TargetKind.NUMBER || kind == TargetKind.BINARY_SCORE ? Arrays.copyOf(values, valueCount) : null,
                kind == TargetKind.LABEL ? Arrays.copyOf(codes, rows) : kind == TargetKind.TEXT ? Arrays.copyOf(codes, codeCount) : null,
                kind == TargetKind.LABEL || kind == TargetKind.TEXT ? labels : null,
                kind == TargetKind.RANKED_LABELS ? new RelevantLabels(Arrays.copyOf(relevantEnds, rows),
                        Arrays.copyOf(codes, codeCount), Map.copyOf(tokenCodes), tokenTexts.toArray(String[]::new)) : null);
        BoardChecks.check(solution);
        return solution;
    }

    /** Whether the field is the lower-case ASCII word, ignoring case and surrounding spaces. */
    private static boolean isWord(CsvRecords csv, int field, byte[] word) {
        int from = csv.trimmedStart(field);
        if (csv.trimmedEnd(field) - from != word.length) {
            return false;
        }
        for (int i = 0; i < word.length; i++) {
            if ((csv.bytes()[from + i] | 0x20) != word[i]) {
                return false;
            }
        }
        return true;
    }

    private String idText(int row) {
        return ids.id(row);
    }

    private void readTargets(CsvRecords csv, int row, int[] targetFields) throws SolutionRejected {
        switch (kind) {
            case NUMBER, BINARY_SCORE -> readNumbers(csv, targetFields);
            case LABEL -> readLabel(csv, row, targetFields[0]);
            case RANKED_LABELS -> readRelevant(csv, row, targetFields[0]);
            case TEXT -> readTexts(csv, targetFields);
        }
    }

    private void readNumbers(CsvRecords csv, int[] targetFields) throws SolutionRejected {
        if (valueCount + columns > values.length) {
            values = Arrays.copyOf(values, Math.max(values.length * 2, valueCount + columns));
        }
        int ones = 0;
        for (int c = 0; c < columns; c++) {
            int f = targetFields[c];
            double v = DecimalNumbers.parse(csv.bytes(), csv.start(f), csv.end(f));
            if (!Double.isFinite(v)) {
                throw new SolutionRejected(FILE + " line " + csv.line() + ", column " + spec.targetColumns().get(c)
                        + ": " + csv.shown(f) + " is not a finite number; " + metric.id() + " needs numeric targets");
            }
            v += 0.0;
            if (metric.kind() == TargetKind.BINARY_SCORE && v != 0 && v != 1) {
                throw new SolutionRejected(FILE + " line " + csv.line() + ", column " + spec.targetColumns().get(c)
                        + ": " + csv.shown(f) + " is not 0 or 1; " + metric.id() + " needs 0/1 targets");
            }
            if (metric == Metric.RMSLE && v < 0) {
                throw new SolutionRejected(FILE + " line " + csv.line() + ", column " + spec.targetColumns().get(c)
                        + ": " + csv.shown(f) + " is negative; rmsle needs targets of 0 or more");
            }
            if (v == 1) {
                ones++;
            }
            values[valueCount++] = v;
        }
        if (metric.oneHot() && columns > 1 && ones != 1) {
            throw new SolutionRejected(FILE + " line " + csv.line() + " has " + ones + " columns set to 1; with one column"
                    + " per class, " + metric.id() + " needs exactly one 1 per row (use mean_column_roc_auc for independent columns)");
        }
    }

    /** Every target as written (trimmed), for a scoring program to read back from the normalized file. */
    private void readTexts(CsvRecords csv, int[] targetFields) {
        for (int f : targetFields) {
            if (codeCount == codes.length) {
                codes = Arrays.copyOf(codes, codeCount * 2);
            }
            codes[codeCount++] = labels.codeOf(csv.bytes(), csv.trimmedStart(f), csv.trimmedEnd(f));
        }
    }

    private void readLabel(CsvRecords csv, int row, int field) throws SolutionRejected {
        int from = csv.trimmedStart(field);
        int to = csv.trimmedEnd(field);
        String column = spec.targetColumns().get(0);
        if (from == to) {
            throw new SolutionRejected(FILE + " line " + csv.line() + ", column " + column + " is empty; every row needs a label");
        }
        int code = labels.codeOf(csv.bytes(), from, to);
        String fault = LabelRules.fault(metric, labels.number(code));
        if (fault != null) {
            throw new SolutionRejected(FILE + " line " + csv.line() + ", column " + column + ": " + csv.shown(field)
                    + " is not " + fault);
        }
        if (row == codes.length) {
            codes = Arrays.copyOf(codes, row * 2);
        }
        codes[row] = code;
        codeCount = row + 1;
    }

    private void readRelevant(CsvRecords csv, int row, int field) {
        byte[] b = csv.bytes();
        int end = csv.end(field);
        int p = csv.start(field);
        while (p < end) {
            while (p < end && (b[p] == ' ' || b[p] == '\t')) {
                p++;
            }
            int tokenStart = p;
            while (p < end && b[p] != ' ' && b[p] != '\t') {
                p++;
            }
            if (p > tokenStart) {
                String token = new String(b, tokenStart, p - tokenStart, StandardCharsets.UTF_8);
                Integer code = tokenCodes.get(token);
                if (code == null) {
                    code = tokenTexts.size();
                    tokenCodes.put(token, code);
                    tokenTexts.add(token);
                }
                if (codeCount == codes.length) {
                    codes = Arrays.copyOf(codes, codeCount * 2);
                }
                codes[codeCount++] = code;
            }
        }
        if (row == relevantEnds.length) {
            relevantEnds = Arrays.copyOf(relevantEnds, row * 2);
        }
        relevantEnds[row] = codeCount;
    }

    /** The round(f*n) rows (at least one) whose ids hash lowest with the seed go to the Public board. */
    private void splitByHash(IdIndex index, int rows, double fraction, long seed) {
        int publicCount = (int) Math.max(1, Math.min(rows, Math.round(fraction * rows)));
        long[] keys = new long[rows];
        int rowBits = 64 - Long.numberOfLeadingZeros(Math.max(1, rows - 1));
        long rowMask = (1L << rowBits) - 1;
        for (int r = 0; r < rows; r++) {
            keys[r] = ((index.seededHash(r, seed) >>> rowBits) << rowBits) | r;
        }
        Arrays.sort(keys);
        for (int i = 0; i < publicCount; i++) {
            publicRows.set((int) (keys[i] & rowMask));
        }
    }

    private String expectedColumns() {
        return spec.idColumn() + "," + String.join(",", spec.targetColumns());
    }
}
