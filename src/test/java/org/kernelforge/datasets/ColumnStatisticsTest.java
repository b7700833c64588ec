package org.kernelforge.datasets;

import org.junit.jupiter.api.Test;
import org.kernelforge.datasets.DatasetViews.ColumnStats;

import java.io.StringReader;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ColumnStatisticsTest {

    @Test
    void countsMissingDistinctAndNumbersPerColumn() {
        List<ColumnStats> stats = ColumnStatistics.of(new StringReader(
                "\uFEFFid,price,label\n1,2.5,a\n2,,b\n3,1e1,\"a\"\n4,nan\n"));
        assertEquals(List.of("id", "price", "label"), stats.stream().map(ColumnStats::name).toList());
        ColumnStats id = stats.get(0);
        assertEquals(new ColumnStats("id", "integer", 4, 0, 4, false, 1.0, 4.0, 2.5), id);
        ColumnStats price = stats.get(1);
        assertEquals(3, price.count());
        assertEquals(1, price.missing());
        assertEquals(2.5, price.min());
        assertEquals(10.0, price.max());
        assertEquals(6.25, price.mean());
        ColumnStats label = stats.get(2);
        assertEquals(3, label.count());
        assertEquals(1, label.missing());
        assertEquals(2, label.distinct());
        assertNull(label.min());
        assertNull(label.mean());
    }

    @Test
    void distinctValuesAreCountedUpToTheCap() {
        StringBuilder csv = new StringBuilder("n,same\n");
        for (int i = 0; i < ColumnStatistics.DISTINCT_CAP + 500; i++) {
            csv.append(i).append(",x\n");
        }
        List<ColumnStats> stats = ColumnStatistics.of(new StringReader(csv.toString()));
        assertTrue(stats.get(0).distinctCapped());
        assertEquals("10,000+", stats.get(0).distinctText());
        assertEquals(ColumnStatistics.DISTINCT_CAP + 500L, stats.get(0).count());
        assertEquals("10499", stats.get(0).maxText());
        assertEquals("1", stats.get(1).distinctText());
    }
}
