package org.kernelforge.competitions.scoring;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Whether a file of the public data (the test set competitors predict) lists exactly the solution's ids: if it does
 * not, every competitor's submission built from it would be refused. Counts and a few examples each way.
 */
public record IdCoverage(String fileName, long onlyInFile, List<String> onlyInFileExamples, long onlyInSolution,
                         List<String> onlyInSolutionExamples) {

    private static final int EXAMPLES = 5;
    private static final int MAX_COLUMNS = 100_000;

    public boolean matches() {
        return onlyInFile == 0 && onlyInSolution == 0;
    }

    /** Empty when the file has no column named as the solution's id column (it is not a file of test ids). */
    public static java.util.Optional<IdCoverage> of(Solution solution, InputStream csv, String fileName) throws IOException {
        CsvRecords records = new CsvRecords(csv, fileName, MAX_COLUMNS);
        try {
            if (!records.next()) {
                return java.util.Optional.empty();
            }
            int idField = -1;
            for (int i = 0; i < records.fieldCount(); i++) {
                if (records.text(i).equals(solution.idColumn)) {
                    idField = i;
                }
            }
            if (idField < 0) {
                return java.util.Optional.empty();
            }
            BitSet seen = new BitSet(solution.rowCount());
            long onlyInFile = 0;
            List<String> fileExamples = new ArrayList<>();
            int row = 0;
            while (records.next()) {
                if (idField >= records.fieldCount()) {
                    continue;
                }
                int from = records.trimmedStart(idField);
                int to = records.trimmedEnd(idField);
                int found = solution.ids.find(records.bytes(), from, to, row++);
                if (found < 0) {
                    onlyInFile++;
                    if (fileExamples.size() < EXAMPLES) {
                        fileExamples.add(records.shown(idField));
                    }
                } else {
                    seen.set(found);
                }
            }
            List<String> solutionExamples = new ArrayList<>();
            for (int r = seen.nextClearBit(0); r < solution.rowCount() && solutionExamples.size() < EXAMPLES;
                 r = seen.nextClearBit(r + 1)) {
                solutionExamples.add(ShownValue.of(solution.ids.id(r)));
            }
            return java.util.Optional.of(new IdCoverage(fileName, onlyInFile, fileExamples,
                    solution.rowCount() - seen.cardinality(), solutionExamples));
        } catch (MalformedCsv e) {
            return java.util.Optional.empty();
        }
    }
}
