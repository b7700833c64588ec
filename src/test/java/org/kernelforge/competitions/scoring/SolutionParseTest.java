package org.kernelforge.competitions.scoring;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.kernelforge.competitions.scoring.SubmissionValidationTest.assertContains;

/** How a solution file is split between the boards, normalized, and refused with messages an organizer can act on. */
class SolutionParseTest {

    private static final ScoringSpec RMSE = new ScoringSpec(Metric.RMSE, "id", List.of("y"), null);
    private static final ScoringSpec AUC = new ScoringSpec(Metric.ROC_AUC, "id", List.of("y"), null);

    @Test
    void usageColumnDecidesTheBoardsInAnyCase() throws Exception {
        Solution solution = parse("id,y,usage\n1,1,PUBLIC\n2,2,private\n3,3, Public \n", RMSE, 0.9, 5L);
        assertEquals(3, solution.rowCount());
        assertEquals(2, solution.publicRowCount());
        assertEquals(1, solution.privateRowCount());
        Score score = Scorer.score(solution, utf8("id,y\n1,1\n2,4\n3,3\n"), RMSE);
        assertEquals(new Score(0, 2), score);
    }

    @Test
    void fractionAndSeedSplitExactlyAndRepeatably() throws Exception {
        String csv = rows(1000);
        Solution first = parse(csv, RMSE, 0.3, 42L);
        Solution again = parse(csv, RMSE, 0.3, 42L);
        assertEquals(300, first.publicRowCount());
        assertEquals(700, first.privateRowCount());
        assertEquals(normalized(first), normalized(again));
        assertNotEquals(normalized(first), normalized(parse(csv, RMSE, 0.3, 43L)));
        assertEquals(1, parse(rows(10), RMSE, 0.01, 1L).publicRowCount(), "at least one public row");
        assertEquals(3, parse(rows(10), RMSE, 0.25, 1L).publicRowCount(), "round(2.5) is 3");
        assertEquals(10, parse(rows(10), RMSE, 1.0, 1L).publicRowCount());
    }

    @Test
    void splitDoesNotDependOnRowOrder() throws Exception {
        List<String> lines = new ArrayList<>(rows(500).lines().toList());
        String header = lines.remove(0);
        Collections.shuffle(lines, new java.util.Random(3));
        String shuffled = header + "\n" + String.join("\n", lines) + "\n";
        Solution original = parse(rows(500), RMSE, 0.5, 9L);
        Solution reordered = parse(shuffled, RMSE, 0.5, 9L);
        assertEquals(Scorer.score(original, utf8(predictionsOfRows(500)), RMSE),
                Scorer.score(reordered, utf8(predictionsOfRows(500)), RMSE));
    }

    @Test
    void normalizedCsvParsesToTheSameSolution() throws Exception {
        ScoringSpec map = new ScoringSpec(Metric.MAP_AT_K, "Id", List.of("labels"), 3);
        Solution solution = parse("Id,labels\n\"a,1\",x y\n b ,\nc,\"z \"\"q\"\"\"\n", map, 0.5, 2L);
        String once = normalized(solution);
        String twice = normalized(Solution.parse(utf8(once), map, null, null));
        assertEquals(once, twice);
        assertContains(once, "Id,labels,Usage", "\"a,1\",x y,", "b,,", "c,\"z \"\"q\"\"\",");
    }

    @Test
    void normalizedNumbersAndLabelsParseToTheSameSolution() throws Exception {
        ScoringSpec twoColumns = new ScoringSpec(Metric.MAE, "id", List.of("a", "b"), null);
        Solution numbers = parse("id,a,b\n1,0.1,1e-7\n2,3,-2.5E300\n3,7,0\n", twoColumns, 0.5);
        assertEquals(normalized(numbers), normalized(Solution.parse(utf8(normalized(numbers)), twoColumns, null, null)));
        ScoringSpec accuracy = new ScoringSpec(Metric.ACCURACY, "id", List.of("y"), null);
        Solution labels = parse("id,y\n1, cat \n2,\"a, b\"\n3,1.0\n", accuracy, 0.5);
        String once = normalized(labels);
        assertEquals(once, normalized(Solution.parse(utf8(once), accuracy, null, null)));
        assertContains(once, "1,cat,", "2,\"a, b\",", "3,1.0,");
    }

    @Test
    void missingColumnsAreNamedWithWhatWasFound() {
        assertContains(rejected("id,target\n1,2\n", RMSE, 0.5), "has no column y", "expected the columns id,y",
                "found \"id\",\"target\"");
        assertContains(rejected("key,y\n1,2\n", RMSE, 0.5), "has no column id");
    }

    @Test
    void repeatedIdNamesBothLines() {
        assertContains(rejected("id,y\n1,1\n2,2\n1,3\n", RMSE, 0.5), "id \"1\" appears twice, on lines 2 and 4");
    }

    @Test
    void badUsageValueIsNamed() {
        assertContains(rejected("id,y,Usage\n1,1,Public\n2,2,Ignored\n", RMSE, null), "line 3: Usage must be Public or Private, found \"Ignored\"");
    }

    @Test
    void noPublicRowsIsRejected() {
        assertContains(rejected("id,y,Usage\n1,1,Private\n2,2,Private\n", RMSE, null), "no row with Usage Public");
    }

    @Test
    void withoutUsageAFractionIsNeeded() {
        assertContains(rejected("id,y\n1,1\n", RMSE, null), "no Usage column", "public fraction");
        assertContains(rejected("id,y\n1,1\n", RMSE, 0.0), "more than 0 and at most 1");
        assertContains(rejected("id,y\n1,1\n", RMSE, 1.5), "more than 0 and at most 1");
    }

    @Test
    void emptyFilesAreRejected() {
        assertContains(rejected("", RMSE, 0.5), "solution.csv is empty");
        assertContains(rejected("id,y\n", RMSE, 0.5), "has a header but no rows");
    }

    @Test
    void targetsMustSuitTheMetric() {
        assertContains(rejected("id,y\n1,1\n2,high\n", RMSE, 0.5), "line 3, column y: \"high\" is not a finite number; rmse needs numeric targets");
        assertContains(rejected("id,y\n1,1\n2,0.5\n", AUC, 0.5), "line 3, column y: \"0.5\" is not 0 or 1");
        assertContains(rejected("id,y\n1,1\n2,-1\n", new ScoringSpec(Metric.RMSLE, "id", List.of("y"), null), 0.5),
                "line 3, column y: \"-1\" is negative");
        assertContains(rejected("id,a,b\n1,1,1\n", new ScoringSpec(Metric.LOG_LOSS, "id", List.of("a", "b"), null), 0.5),
                "line 2 has 2 columns set to 1", "exactly one 1 per row");
        assertContains(rejected("id,y\n1,a\n2,b\n", new ScoringSpec(Metric.QUADRATIC_WEIGHTED_KAPPA, "id", List.of("y"), null), 0.5),
                "line 2, column y: \"a\" is not an integer");
        assertContains(rejected("id,a,b\n1,x,y\n", new ScoringSpec(Metric.ACCURACY, "id", List.of("a", "b"), null), 0.5),
                "accuracy scores exactly one target column");
    }

    @Test
    void aucNeedsBothClasses() {
        assertContains(rejected("id,y\n1,1\n2,1\n3,1\n", AUC, 0.5), "column y has only 1s");
        assertContains(rejected("id,y,Usage\n1,1,Public\n2,1,Public\n3,0,Private\n4,1,Private\n", AUC, null),
                "the Public board's 2 rows have a single class");
    }

    @Test
    void aucColumnWithOneClassOnABoardIsLeftOutOfThatBoard() throws Exception {
        ScoringSpec mean = new ScoringSpec(Metric.MEAN_COLUMN_ROC_AUC, "id", List.of("a", "b"), null);
        Solution solution = parse("id,a,b,Usage\n1,0,0,Public\n2,1,0,Public\n3,0,0,Private\n4,1,1,Private\n", mean, null);
        Score score = Scorer.score(solution, utf8("id,a,b\n1,0.1,0.5\n2,0.9,0.5\n3,0.8,0.1\n4,0.2,0.9\n"), mean);
        assertEquals(1.0, score.publicScore(), "only column a counts on the Public board");
        assertEquals(0.5, score.privateScore(), "mean of 0 (a) and 1 (b)");
    }

    @Test
    void r2NeedsTwoRowsOnEachBoard() {
        ScoringSpec r2 = new ScoringSpec(Metric.R2, "id", List.of("y"), null);
        assertContains(rejected("id,y,Usage\n1,1,Public\n2,2,Private\n3,3,Private\n", r2, null),
                "the Public board has a single row, and r2 is undefined");
    }

    @Test
    void repeatedColumnNameIsRejected() {
        assertContains(rejected("id,y,y\n1,1,2\n", RMSE, 0.5), "two columns named \"y\"");
    }

    @Test
    void kappaNeedsTwoLabelsOnEachBoard() {
        ScoringSpec kappa = new ScoringSpec(Metric.QUADRATIC_WEIGHTED_KAPPA, "id", List.of("y"), null);
        assertContains(rejected("id,y,Usage\n1,2,Public\n2,2,Public\n3,0,Private\n4,1,Private\n", kappa, null),
                "every row of the Public board has the label \"2\"");
    }

    @Test
    void numericSolutionStaysCompact() throws Exception {
        for (String prefix : new String[] {"", "r"}) {
            int n = 200_000;
            StringBuilder csv = new StringBuilder("id,y\n");
            for (int i = 0; i < n; i++) {
                csv.append(prefix).append(i).append(',').append(i * 0.5).append('\n');
            }
            Solution solution = parse(csv.toString(), RMSE, 0.5);
            long bytes = solution.ids.retainedBytes() + (long) solution.values.length * 8 + solution.publicRows.size() / 8;
            assertTrue(bytes / n < 40, (prefix.isEmpty() ? "integer" : "text") + " ids: " + bytes / n + " bytes per row");
        }
    }

    private static String rows(int n) {
        StringBuilder csv = new StringBuilder("id,y\n");
        for (int i = 0; i < n; i++) {
            csv.append("row").append(i).append(',').append(i).append('\n');
        }
        return csv.toString();
    }

    private static String predictionsOfRows(int n) {
        StringBuilder csv = new StringBuilder("id,y\n");
        for (int i = 0; i < n; i++) {
            csv.append("row").append(i).append(',').append(i % 7 == 0 ? i + 3 : i).append('\n');
        }
        return csv.toString();
    }

    private static Solution parse(String csv, ScoringSpec spec, Double fraction) throws SolutionRejected {
        return parse(csv, spec, fraction, 0L);
    }

    private static Solution parse(String csv, ScoringSpec spec, Double fraction, Long seed) throws SolutionRejected {
        return Solution.parse(utf8(csv), spec, fraction, seed);
    }

    private static String rejected(String csv, ScoringSpec spec, Double fraction) {
        return assertThrows(SolutionRejected.class, () -> parse(csv, spec, fraction)).getMessage();
    }

    private static String normalized(Solution solution) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        solution.writeCsv(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static InputStream utf8(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
