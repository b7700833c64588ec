package org.kernelforge.datasets;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvReaderTest {

    @Test
    void readsQuotedFieldsWithCommasLineBreaksAndQuotes() throws IOException {
        List<List<String>> records = read("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"multi\r\nline\",,x\ny");
        assertEquals(List.of(List.of("a", "b,c", "say \"hi\""), List.of("multi\r\nline", "", "x"), List.of("y")), records);
    }

    @Test
    void toleratesStrayQuotesAndLoneCarriageReturns() throws IOException {
        assertEquals(List.of(List.of("5\" disk", "ok"), List.of("next")), read("5\" disk,ok\rnext"));
        assertEquals(List.of(List.of("quoted", "tail")), read("\"quo\"ted,tail\n"));
    }

    @Test
    void tellsWhetherTheLastRecordRanIntoTheEnd() throws IOException {
        CsvReader complete = new CsvReader(new StringReader("a,b\n"));
        complete.next();
        assertFalse(complete.lastEndedByEof());
        CsvReader cut = new CsvReader(new StringReader("a,\"b\nc"));
        assertEquals(List.of("a", "b\nc"), cut.next());
        assertTrue(cut.lastEndedByEof());
    }

    @Test
    void infersColumnTypesIgnoringEmptyCells() {
        ColumnTypes types = new ColumnTypes(6);
        types.add(List.of("1", "1", "true", "2024-01-01", "", "x"));
        types.add(List.of("", "2.5", "False", "2024-01-01 10:00", "", "3"));
        assertEquals(List.of("integer", "float", "boolean", "datetime", "string", "string"), types.types());
    }

    private static List<List<String>> read(String csv) throws IOException {
        CsvReader reader = new CsvReader(new StringReader(csv));
        List<List<String>> records = new ArrayList<>();
        for (List<String> r; (r = reader.next()) != null; ) {
            records.add(r);
        }
        return records;
    }
}
