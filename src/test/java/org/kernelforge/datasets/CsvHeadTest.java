package org.kernelforge.datasets;

import org.junit.jupiter.api.Test;
import org.kernelforge.datasets.DatasetViews.Column;
import org.kernelforge.datasets.DatasetViews.Preview;

import java.io.StringReader;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The preview's reading of CSV text: the dialect files in the wild use, cut windows, and column types. */
class CsvHeadTest {

    @Test
    void readsQuotedFieldsWithCommasLineBreaksAndQuotes() {
        Preview p = read("h1,h2,h3\na,\"b,c\",\"say \"\"hi\"\"\"\r\n\"multi\r\nline\",,x\ny", 20);
        assertEquals(List.of(List.of("a", "b,c", "say \"hi\""), List.of("multi\r\nline", "", "x"), List.of("y")), p.rows());
        assertEquals(List.of("h1", "h2", "h3"), names(p));
    }

    @Test
    void toleratesStrayQuotesTextAfterClosingQuotesAndLoneCarriageReturns() {
        assertEquals(List.of(List.of("5\" disk", "ok"), List.of("next")), read("h\r5\" disk,ok\rnext", 20).rows());
        assertEquals(List.of(List.of("quoted", "tail")), read("h\n\"quo\"ted,tail\n", 20).rows());
    }

    @Test
    void dropsTheByteOrderMarkAndSkipsEmptyLines() {
        Preview p = read("\uFEFFid,name\n\n1,a\n\"\"\n\r\n2,b\n", 20);
        assertEquals(List.of("id", "name"), names(p));
        assertEquals(List.of(List.of("1", "a"), List.of("2", "b")), p.rows());
    }

    @Test
    void rowsBeyondTheShownOnesStillCountForTypesAndMarkThePreviewTruncated() {
        Preview p = read("n\n1\n2\n2.5\n", 2);
        assertEquals(List.of(List.of("1"), List.of("2")), p.rows());
        assertEquals(List.of(new Column("n", "float")), p.columns());
        assertTrue(p.truncated());
        assertFalse(read("n\n1\n2\n", 2).truncated());
    }

    @Test
    void aTextCutShortLeavesOutItsLastRecordWhichMayBeCut() {
        // the window ended inside the quoted field of the second row: "b\nc" is not the whole of it
        Preview cut = CsvHead.read(new StringReader("x,y\n1,2024-01-01\na,\"b\nc"), 20, () -> true);
        assertEquals(List.of(List.of("1", "2024-01-01")), cut.rows());
        assertEquals(List.of(new Column("x", "integer"), new Column("y", "date")), cut.columns());
        assertTrue(cut.truncated());
        Preview whole = read("x,y\n1,2024-01-01\na,\"b\nc\"", 20);
        assertEquals(List.of(List.of("1", "2024-01-01"), List.of("a", "b\nc")), whole.rows());
        assertFalse(whole.truncated());
    }

    @Test
    void rowsMayHaveFewerOrMoreFieldsThanTheHeader() {
        Preview p = read("a,b\n1\n2,3,4\n", 20);
        assertEquals(List.of(List.of("1"), List.of("2", "3", "4")), p.rows());
        assertEquals(List.of(new Column("a", "integer"), new Column("b", "integer")), p.columns());
    }

    @Test
    void anEmptyTextHasNoColumns() {
        assertEquals(new Preview(List.of(), List.of(), false), read("", 20));
    }

    @Test
    void infersColumnTypesIgnoringEmptyCells() {
        ColumnTypes types = new ColumnTypes(6);
        types.add(List.of("1", "1", "true", "2024-01-01", "", "x"));
        types.add(List.of("", "2.5", "False", "2024-01-01 10:00", "", "3"));
        assertEquals(List.of("integer", "float", "boolean", "datetime", "string", "string"), types.types());
    }

    private static Preview read(String csv, int rows) {
        return CsvHead.read(new StringReader(csv), rows, () -> false);
    }

    private static List<String> names(Preview p) {
        return p.columns().stream().map(Column::name).toList();
    }
}
