package org.kernelforge.datasets;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import org.kernelforge.datasets.DatasetViews.Column;
import org.kernelforge.datasets.DatasetViews.Preview;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The header and first rows of CSV text, read with FastCSV (RFC 4180: quoted fields may hold commas, line breaks and
 * doubled quotes; CRLF, LF or CR line ends), with column types inferred from every row read. Lenient where files in the
 * wild are not: rows may have fewer or more fields than the header, a quote inside an unquoted field is a character,
 * text after a closing quote is kept, and a byte order mark before the header is dropped.
 */
final class CsvHead {

    private CsvHead() {
    }

    /**
     * Reads up to {@code rows} rows for display and infers types from all of the text. {@code cut} is asked at the end
     * of the text whether it stopped short of the file; if so, the last record may be cut too and is left out.
     */
    static Preview read(Reader text, int rows, BooleanSupplier cut) {
        CsvReader<CsvRecord> csv = lenient(text);
        try (csv) {
            var records = csv.iterator();
            if (!records.hasNext()) {
                return new Preview(List.of(), List.of(), cut.getAsBoolean());
            }
            List<String> header = header(records.next());
            ColumnTypes types = new ColumnTypes(header.size());
            List<List<String>> shown = new ArrayList<>();
            boolean more = false;
            List<String> previous = null;
            while (records.hasNext()) {
                List<String> row = records.next().getFields();
                if (row.size() == 1 && row.get(0).isEmpty()) {
                    continue;
                }
                if (previous != null) {
                    more |= add(previous, types, shown, rows);
                }
                previous = row;
            }
            boolean stoppedShort = cut.getAsBoolean();
            if (previous != null && !stoppedShort) {
                more |= add(previous, types, shown, rows);
            }
            List<String> typeNames = types.types();
            List<Column> columns = new ArrayList<>();
            for (int i = 0; i < header.size(); i++) {
                columns.add(new Column(header.get(i), typeNames.get(i)));
            }
            return new Preview(columns, shown, more || stoppedShort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Counts the row's types and shows it if there is room; true if there was none. */
    /**
     * The reader of dataset CSVs, as forgiving as a preview should be: rows with missing or extra fields, text after a
     * closing quote.
     */
    static CsvReader<CsvRecord> lenient(Reader text) {
        return CsvReader.builder()
                .allowMissingFields(true)
                .allowExtraFields(true)
                .allowExtraCharsAfterClosingQuote(true)
                .ofCsvRecord(text);
    }

    /** The column names of a header record, without a leading byte-order mark. */
    static List<String> header(CsvRecord record) {
        List<String> header = new ArrayList<>(record.getFields());
        if (header.get(0).startsWith("\uFEFF")) {
            header.set(0, header.get(0).substring(1));
        }
        return header;
    }

    private static boolean add(List<String> row, ColumnTypes types, List<List<String>> shown, int rows) {
        types.add(row);
        if (shown.size() < rows) {
            shown.add(row);
            return false;
        }
        return true;
    }
}
