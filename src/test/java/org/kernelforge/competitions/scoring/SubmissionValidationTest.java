package org.kernelforge.competitions.scoring;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each way a submission can be wrong is rejected with a message that names the fault, the line and the value. */
class SubmissionValidationTest {

    private static final ScoringSpec RMSE = new ScoringSpec(Metric.RMSE, "id", List.of("y"), null);
    private static final String SOLUTION = """
            id,y,Usage
            1,1.0,Public
            2,2.0,Private
            3,3.0,Public
            4,4.0,Private
            """;

    @Test
    void wellFormedSubmissionInAnyDialectScores() throws Exception {
        Solution solution = solution(SOLUTION, RMSE);
        String plain = "id,y\n1,1\n2,2\n3,3\n4,4\n";
        String dialects = "\uFEFF\"id\",\"y\"\r\n\"4\",\" 4.0 \"\r\n3,3e0\r\n2,\"2\"\r\n1,1.000\r\n\r\n";
        assertEquals(new Score(0, 0), Scorer.score(solution, utf8(plain), RMSE));
        assertEquals(new Score(0, 0), Scorer.score(solution, utf8(dialects), RMSE));
        Score off = Scorer.score(solution, utf8("id,y\n1,2\n2,2\n3,3\n4,6\n"), RMSE);
        assertEquals(Math.sqrt(0.5), off.publicScore(), 1e-15);
        assertEquals(Math.sqrt(2.0), off.privateScore(), 1e-15);
    }

    @Test
    void recordsCutByTheReadBufferAreReadWhole() throws Exception {
        // ~4 MiB of multi-byte ids, quoted fields and CRLFs: some record, character and CRLF straddles each refill
        int n = 60_000;
        StringBuilder solution = new StringBuilder("id,y\n");
        StringBuilder submission = new StringBuilder("id,y\r\n");
        for (int i = 0; i < n; i++) {
            String id = "\"é, \"\"" + i + "\"\" 😀 " + "x".repeat(i % 37) + "\"";
            solution.append(id).append(',').append(i % 11).append('\n');
            submission.append(id).append(",\"").append(i % 11).append(".0\"\r\n");
        }
        Solution parsed = Solution.parse(utf8(solution.toString()), RMSE, 0.5, 3L);
        assertEquals(n, parsed.rowCount());
        assertEquals(new Score(0, 0), Scorer.score(parsed, utf8(submission.toString()), RMSE));
        String wrongLast = submission.substring(0, submission.length() - 7) + "\"6.0\"\r\n";
        Score off = Scorer.score(parsed, utf8(wrongLast), RMSE);
        assertTrue(off.publicScore() + off.privateScore() > 0, "the last row is read: " + off);
    }

    @Test
    void missingColumnIsNamedWithTheExpectedHeader() {
        String message = rejected(SOLUTION, RMSE, "id,prediction\n1,1\n2,2\n3,3\n4,4\n");
        assertContains(message, "header must be id,y", "found \"id\",\"prediction\"", "missing \"y\"", "not expected \"prediction\"");
    }

    @Test
    void extraColumnIsNamed() {
        assertContains(rejected(SOLUTION, RMSE, "id,y,comment\n1,1,a\n2,2,b\n3,3,c\n4,4,d\n"), "not expected \"comment\"");
    }

    @Test
    void repeatedColumnIsNamed() {
        assertContains(rejected(SOLUTION, RMSE, "id,y,y\n1,1,1\n"), "names column \"y\" twice");
    }

    @Test
    void missingAndExtraIdsAreCountedWithExamples() {
        String message = rejected(SOLUTION, RMSE, "id,y\n1,1\n2,2\n7,3\n");
        assertContains(message, "has 3 rows, but the solution has 4 ids", "2 ids are missing (e.g. \"3\", \"4\")",
                "1 id is not in the solution (e.g. \"7\" (line 4))");
    }

    @Test
    void onlyFiveExamplesOfExtraIdsAreListed() {
        StringBuilder csv = new StringBuilder("id,y\n1,1\n2,2\n3,3\n4,4\n");
        for (int i = 100; i < 120; i++) {
            csv.append(i).append(",1\n");
        }
        String message = rejected(SOLUTION, RMSE, csv.toString());
        assertContains(message, "has 24 rows", "20 ids are not in the solution", "\"104\" (line 10)");
        assertTrue(!message.contains("\"105\""), message);
    }

    @Test
    void idsCompareAsTextSoLeadingZerosDiffer() {
        assertContains(rejected(SOLUTION, RMSE, "id,y\n01,1\n2,2\n3,3\n4,4\n"), "1 id is missing (e.g. \"1\")",
                "1 id is not in the solution (e.g. \"01\" (line 2))");
    }

    @Test
    void repeatedIdNamesBothLines() {
        assertContains(rejected(SOLUTION, RMSE, "id,y\n1,1\n2,2\n2,2\n4,4\n"), "id \"2\" appears twice, on lines 3 and 4");
    }

    @Test
    void rowWithWrongFieldCountIsNamed() {
        assertContains(rejected(SOLUTION, RMSE, "id,y\n1,1\n2,2,5\n"), "line 3 has 3 fields, but the header has 2");
    }

    @Test
    void everyKindOfFaultIsReportedAtOnceWithExamplesAndLines() {
        String solution = "id,y,Usage\n" + java.util.stream.IntStream.rangeClosed(1, 20)
                .mapToObj(i -> i + "," + i + "," + (i % 2 == 0 ? "Public" : "Private")).reduce("", (a, b) -> a + b + "\n");
        // header: an unexpected column; ids 3 and 5 repeated, 99 and 98 not in the solution, 19 and 20 missing;
        // values that are not numbers on five lines; a line with too few fields
        String submission = """
                id,y,note
                1,1,a
                2,two,a
                3,3,a
                3,3,a
                4,four,a
                5,5,a
                5,5,a
                6,six,a
                7,7
                8,eight,a
                9,nine,a
                10,10,a
                11,11,a
                12,12,a
                13,13,a
                14,14,a
                15,15,a
                16,16,a
                17,17,a
                18,18,a
                99,1,a
                98,1,a
                """;
        String message = rejected(solution, RMSE, submission);
        assertContains(message, "submission.csv has 5 kinds of faults",
                "the header must be id,y, found \"id\",\"y\",\"note\"; not expected \"note\"",
                "line 10 has 2 fields, but the header has 3",
                "id \"3\" appears twice, on lines 4 and 5; each id must appear once; id \"5\" appears twice, on lines 7 and 8",
                "2 ids are missing (e.g. \"19\", \"20\")", "2 ids are not in the solution (e.g. \"99\" (line 22), \"98\" (line 23))",
                "submission.csv line 3, column y: \"two\" must be a finite number",
                "line 6, column y: \"four\" must be a finite number", "line 9, column y: \"six\" must be a finite number",
                "and 2 more lines like these");
        assertTrue(message.indexOf("header") < message.indexOf("fields") && message.indexOf("fields") < message.indexOf("twice")
                && message.indexOf("twice") < message.indexOf("missing") && message.indexOf("missing") < message.indexOf("two"),
                "kinds in a fixed order: " + message);
    }

    @Test
    void aFaultAfterWhichNothingCanBeReadIsReportedWithTheOnesBefore() {
        String message = rejected(SOLUTION, RMSE, "id,y\n1,x\n2,\"2\n3,3\n");
        assertContains(message, "2 kinds of faults", "line 2, column y: \"x\" must be a finite number",
                "the lines after it were not read");
        assertTrue(!message.contains("ids are missing"), "ids after an unreadable line are not called missing: " + message);
    }

    @Test
    void nonNumericPredictionNamesLineColumnAndValue() {
        assertContains(rejected(SOLUTION, RMSE, "id,y\n1,1\n2,abc\n3,3\n4,4\n"), "line 3, column y: \"abc\" must be a finite number");
    }

    @Test
    void nanAndInfinityAreRejected() {
        assertContains(rejected(SOLUTION, RMSE, "id,y\n1,NaN\n2,2\n3,3\n4,4\n"), "line 2, column y: \"NaN\" must be a finite number");
        assertContains(rejected(SOLUTION, RMSE, "id,y\n1,1\n2,2\n3,inf\n4,4\n"), "line 4", "\"inf\"");
        assertContains(rejected(SOLUTION, RMSE, "id,y\n1,1\n2,2\n3,3\n4,1e999\n"), "line 5", "\"1e999\"");
        assertContains(rejected(SOLUTION, RMSE, "id,y\n1,1\n2,\n3,3\n4,4\n"), "line 3", "\"\" must be a finite number");
    }

    @Test
    void javaOnlyNumberSyntaxIsNotANumber() {
        assertContains(rejected(SOLUTION, RMSE, "id,y\n1,1d\n2,2\n3,3\n4,4\n"), "\"1d\" must be a finite number");
        assertContains(rejected(SOLUTION, RMSE, "id,y\n1,0x10\n2,2\n3,3\n4,4\n"), "\"0x10\" must be a finite number");
    }

    @Test
    void lineNumbersCountQuotedLineBreaks() {
        String message = rejected(SOLUTION, RMSE, "id,y\n\"1\n\",1\n2,x\n");
        assertContains(message, "line 4, column y");
    }

    @Test
    void longValuesAreCutInMessages() {
        String value = "x".repeat(5000);
        String message = rejected(SOLUTION, RMSE, "id,y\n1," + value + "\n");
        assertTrue(message.length() < 300, message);
        assertContains(message, "\"" + "x".repeat(80) + "…\"");
    }

    @Test
    void emptyFileAndHeaderOnlyAreRejected() {
        assertContains(rejected(SOLUTION, RMSE, ""), "submission.csv is empty");
        assertContains(rejected(SOLUTION, RMSE, "\n\n"), "submission.csv is empty");
        assertContains(rejected(SOLUTION, RMSE, "id,y\n"), "has 0 rows, but the solution has 4 ids");
    }

    @Test
    void binaryAndNonUtf8FilesAreUnreadable() {
        assertContains(rejectedBytes(SOLUTION, RMSE, new byte[] {'i', 'd', ',', 'y', '\n', 1, 0, 2, 3}), "line 2 contains a NUL byte");
        assertContains(rejectedBytes(SOLUTION, RMSE, new byte[] {'i', 'd', ',', 'y', '\n', '1', ',', (byte) 0xE9, '\n'}),
                "line 2 is not valid UTF-8");
        assertContains(rejectedBytes(SOLUTION, RMSE, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A}), "line 1 is not valid UTF-8");
    }

    @Test
    void textAfterClosingQuoteIsRejected() {
        assertContains(rejected(SOLUTION, RMSE, "id,y\n\"1\"x,1\n"), "line 2, column 1: text after the closing quote");
    }

    @Test
    void rmsleRejectsNegativePredictionWithItsRow() throws Exception {
        ScoringSpec rmsle = new ScoringSpec(Metric.RMSLE, "id", List.of("y"), null);
        assertContains(rejected(SOLUTION, rmsle, "id,y\n1,1\n2,2\n3,-0.5\n4,4\n"), "line 4, column y: \"-0.5\" is negative");
    }

    @Test
    void logLossRejectsValuesThatAreNotProbabilities() throws Exception {
        ScoringSpec logLoss = new ScoringSpec(Metric.LOG_LOSS, "id", List.of("y"), null);
        String solution = "id,y,Usage\n1,0,Public\n2,1,Private\n";
        assertContains(rejected(solution, logLoss, "id,y\n1,0.2\n2,1.5\n"), "line 3, column y: \"1.5\" is not a probability");
    }

    @Test
    void binaryLabelsMustBeZeroOrOne() {
        ScoringSpec f1 = new ScoringSpec(Metric.F1, "id", List.of("y"), null);
        String solution = "id,y,Usage\n1,0,Public\n2,1,Private\n";
        assertContains(rejected(solution, f1, "id,y\n1,yes\n2,1\n"), "line 2, column y: \"yes\" is not 0 or 1");
    }

    @Test
    void kappaLabelsMustBeIntegers() {
        ScoringSpec kappa = new ScoringSpec(Metric.QUADRATIC_WEIGHTED_KAPPA, "id", List.of("y"), null);
        String solution = "id,y,Usage\n1,0,Public\n2,1,Public\n3,2,Private\n4,3,Private\n";
        assertContains(rejected(solution, kappa, "id,y\n1,0\n2,1.5\n3,2\n4,3\n"), "line 3, column y: \"1.5\" is not an integer");
    }

    @Test
    void labelsAreComparedAsNumbersWhenBothAreNumbers() throws Exception {
        ScoringSpec accuracy = new ScoringSpec(Metric.ACCURACY, "id", List.of("y"), null);
        Solution solution = solution("id,y,Usage\n1,1,Public\n2,cat,Public\n3,2.50,Private\n4,dog,Private\n", accuracy);
        Score score = Scorer.score(solution, utf8("id,y\n1,1.0\n2, cat\n3,2.5\n4,Dog\n"), accuracy);
        assertEquals(new Score(1.0, 0.5), score);
    }

    private static Solution solution(String csv, ScoringSpec spec) throws SolutionRejected {
        return Solution.parse(utf8(csv), spec, null, null);
    }

    private static String rejected(String solution, ScoringSpec spec, String submission) {
        return rejectedBytes(solution, spec, submission.getBytes(StandardCharsets.UTF_8));
    }

    private static String rejectedBytes(String solution, ScoringSpec spec, byte[] submission) {
        return assertThrows(SubmissionRejected.class,
                () -> Scorer.score(solution(solution, spec), new ByteArrayInputStream(submission), spec)).getMessage();
    }

    static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "expected \"" + part + "\" in: " + message);
        }
    }

    private static InputStream utf8(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
