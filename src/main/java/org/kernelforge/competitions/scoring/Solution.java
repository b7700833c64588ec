package org.kernelforge.competitions.scoring;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.List;

/**
 * The hidden answers of a competition, validated, with every row on the Public or the Private board. Immutable and
 * thread-safe. Compact, since it is cached per competition: a numeric single-target solution with short ids takes
 * about 30 bytes a row (id bytes, their offset, a hash slot, the value as a double, one bit for the board).
 */
public final class Solution {

    /** Null for a solution read for a custom scoring program ({@link TargetKind#TEXT}). */
    final Metric metric;
    final TargetKind kind;
    final String idColumn;
    final List<String> targetColumns;
    final IdIndex ids;
    final BitSet publicRows;
    final int publicCount;
    /** NUMBER and BINARY_SCORE targets, row after row ({@code columns} values each); else null. */
    final double[] values;
    /** LABEL targets as codes of {@link #labels}; TEXT targets likewise, row after row ({@code columns} codes each); else null. */
    final int[] labelCodes;
    final Labels labels;
    /** RANKED_LABELS targets; else null. */
    final RelevantLabels relevant;

    Solution(ScoringSpec spec, IdIndex ids, BitSet publicRows, double[] values, int[] labelCodes, Labels labels,
             RelevantLabels relevant) {
        this.metric = spec.metric();
        this.kind = spec.kind();
        this.idColumn = spec.idColumn();
        this.targetColumns = spec.targetColumns();
        this.ids = ids;
        this.publicRows = publicRows;
        this.publicCount = publicRows.cardinality();
        this.values = values;
        this.labelCodes = labelCodes;
        this.labels = labels;
        this.relevant = relevant;
    }

    /**
     * Parses an organizer's solution CSV. A {@code Usage} column (Public/Private, any case) decides the boards;
     * without one, {@code publicFraction} (0 &lt; f &lt;= 1) of the rows, round(f*n) and at least one, go to the
     * Public board, chosen by a hash of each id with {@code seed} (null means 0): the same ids, fraction and seed
     * always give the same split, whatever the row order. An error reading the stream is thrown as
     * {@link java.io.UncheckedIOException}: a platform failure, not a rejection.
     */
    public static Solution parse(InputStream csv, ScoringSpec spec, Double publicFraction, Long seed) throws SolutionRejected {
        return SolutionReader.read(csv, spec, publicFraction, seed);
    }

    public int rowCount() {
        return ids.size();
    }

    public int publicRowCount() {
        return publicCount;
    }

    public int privateRowCount() {
        return rowCount() - publicCount;
    }

    int columns() {
        return targetColumns.size();
    }

    /** The rows of one board, in file order. */
    int[] rowsOf(Board board) {
        int[] rows = new int[board == Board.PUBLIC ? publicCount : privateRowCount()];
        int n = 0;
        for (int r = 0; r < rowCount(); r++) {
            if (publicRows.get(r) == (board == Board.PUBLIC)) {
                rows[n++] = r;
            }
        }
        return rows;
    }

    /**
     * The normalized CSV: the id column, the target columns and a Usage column filled on every row. Parsing it again
     * with the same spec gives the same solution.
     */
    public void writeCsv(OutputStream out) throws IOException {
        OutputStream buffered = new BufferedOutputStream(out, 1 << 16);
        StringBuilder line = new StringBuilder();
        appendField(line, idColumn);
        for (String column : targetColumns) {
            appendField(line.append(','), column);
        }
        line.append(",Usage\r\n");
        int columns = columns();
        for (int r = 0; r < rowCount(); r++) {
            appendField(line, ids.id(r));
            for (int c = 0; c < columns; c++) {
                line.append(',');
                appendTarget(line, r, c);
            }
            line.append(publicRows.get(r) ? ",Public\r\n" : ",Private\r\n");
            if (line.length() > 1 << 15) {
                buffered.write(line.toString().getBytes(StandardCharsets.UTF_8));
                line.setLength(0);
            }
        }
        buffered.write(line.toString().getBytes(StandardCharsets.UTF_8));
        buffered.flush();
    }

    private void appendTarget(StringBuilder line, int row, int column) {
        switch (kind) {
            case NUMBER, BINARY_SCORE -> line.append(values[row * columns() + column]);
            case LABEL -> appendField(line, labels.text(labelCodes[row]));
            case TEXT -> appendField(line, labels.text(labelCodes[row * columns() + column]));
            case RANKED_LABELS -> {
                StringBuilder tokens = new StringBuilder();
                for (int i = relevant.from(row); i < relevant.to(row); i++) {
                    tokens.append(tokens.isEmpty() ? "" : " ").append(relevant.texts()[relevant.codes()[i]]);
                }
                appendField(line, tokens.toString());
            }
        }
    }

    private static void appendField(StringBuilder line, String value) {
        boolean quote = value.isEmpty() ? false : value.chars().anyMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n')
                || value.charAt(0) == ' ' || value.charAt(value.length() - 1) == ' ';
        if (quote) {
            line.append('"').append(value.replace("\"", "\"\"")).append('"');
        } else {
            line.append(value);
        }
    }
}
