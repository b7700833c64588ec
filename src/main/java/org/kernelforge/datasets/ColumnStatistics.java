package org.kernelforge.datasets;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import org.kernelforge.datasets.DatasetViews.ColumnStats;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Column statistics of a whole CSV text in one streaming pass (FastCSV, lenient as {@link CsvHead}): per column the
 * values present, the missing ones (empty or absent cells), the distinct values (counted up to {@value #DISTINCT_CAP},
 * then "more"), and for numeric columns min, max and mean. Memory is bounded by the distinct cap and
 * {@value #MAX_COLUMNS} columns, not by the file's size.
 */
final class ColumnStatistics {

    static final int DISTINCT_CAP = 10_000;
    static final int MAX_COLUMNS = 100;
    /** Longer values are counted as distinct by a prefix: the set's memory stays bounded. */
    private static final int DISTINCT_KEY_CHARS = 200;

    private ColumnStatistics() {
    }

    static List<ColumnStats> of(Reader text) {
        CsvReader<CsvRecord> csv = CsvHead.lenient(text);
        try (csv) {
            var records = csv.iterator();
            if (!records.hasNext()) {
                return List.of();
            }
            List<String> header = CsvHead.header(records.next());
            int columns = Math.min(header.size(), MAX_COLUMNS);
            List<Column> stats = new ArrayList<>();
            for (int i = 0; i < columns; i++) {
                stats.add(new Column());
            }
            ColumnTypes types = new ColumnTypes(columns);
            while (records.hasNext()) {
                List<String> row = records.next().getFields();
                if (row.size() == 1 && row.get(0).isEmpty()) {
                    continue;
                }
                types.add(row);
                for (int i = 0; i < columns; i++) {
                    stats.get(i).add(i < row.size() ? row.get(i).strip() : "");
                }
            }
            List<String> typeNames = types.types();
            List<ColumnStats> result = new ArrayList<>();
            for (int i = 0; i < columns; i++) {
                result.add(stats.get(i).view(header.get(i), typeNames.get(i)));
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Column {
        long count;
        long missing;
        final Set<String> distinct = new HashSet<>();
        boolean distinctCapped;
        boolean numeric = true;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum;
        long numbers;

        void add(String cell) {
            if (cell.isEmpty()) {
                missing++;
                return;
            }
            count++;
            if (!distinctCapped) {
                distinct.add(cell.length() > DISTINCT_KEY_CHARS ? cell.substring(0, DISTINCT_KEY_CHARS) : cell);
                if (distinct.size() > DISTINCT_CAP) {
                    distinctCapped = true;
                    distinct.clear();
                }
            }
            if (numeric) {
                String type = ColumnTypes.classify(cell);
                if (type.equals(ColumnTypes.INTEGER) || type.equals(ColumnTypes.FLOAT)) {
                    // nan and inf are numbers of the column, but not counted into min, max and mean
                    double value = Character.isLetter(cell.charAt(cell.length() - 1)) ? Double.NaN : Double.parseDouble(cell);
                    if (!Double.isNaN(value)) {
                        min = Math.min(min, value);
                        max = Math.max(max, value);
                        sum += value;
                        numbers++;
                    }
                } else {
                    numeric = false;
                }
            }
        }

        ColumnStats view(String name, String type) {
            boolean number = numeric && numbers > 0;
            String shownName = name.length() > DISTINCT_KEY_CHARS ? name.substring(0, DISTINCT_KEY_CHARS) + "…" : name;
            return new ColumnStats(shownName, type, count, missing, distinctCapped ? DISTINCT_CAP : distinct.size(), distinctCapped,
                    number ? min : null, number ? max : null, number ? sum / numbers : null);
        }
    }
}
