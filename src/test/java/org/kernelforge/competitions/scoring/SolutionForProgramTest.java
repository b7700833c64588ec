package org.kernelforge.competitions.scoring;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A solution for a custom scoring program: columns and split checked, targets kept exactly as written. */
class SolutionForProgramTest {

    private static final ScoringSpec SPEC = new ScoringSpec(null, "id", List.of("label", "box"), null);

    @Test
    void targetsAreKeptAsTextAndTheSplitIsAdded() throws Exception {
        String csv = "id,box,label,extra\n7,\"1,2,3,4\",cat,x\n8,,1,y\n9,0.50,dog,z\n";
        Solution solution = Solution.parse(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), SPEC, 1.0, 3L);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        solution.writeCsv(out);
        assertEquals("id,label,box,Usage\r\n7,cat,\"1,2,3,4\",Public\r\n8,1,,Public\r\n9,dog,0.50,Public\r\n",
                out.toString(StandardCharsets.UTF_8));
        Solution again = Solution.parse(new ByteArrayInputStream(out.toByteArray()), SPEC, null, null);
        assertEquals(3, again.publicRowCount());
    }

    @Test
    void missingColumnsAreStillRefused() {
        SolutionRejected e = assertThrows(SolutionRejected.class, () -> Solution.parse(
                new ByteArrayInputStream("id,label\n1,a\n".getBytes(StandardCharsets.UTF_8)), SPEC, 0.5, 1L));
        assertTrue(e.getMessage().contains("box"), e.getMessage());
    }

    @Test
    void builtInScoringNeedsAMetric() throws Exception {
        Solution solution = Solution.parse(new ByteArrayInputStream("id,label,box\n1,a,b\n".getBytes(StandardCharsets.UTF_8)),
                SPEC, 1.0, 1L);
        assertThrows(IllegalArgumentException.class, () -> Scorer.score(solution,
                new ByteArrayInputStream("id,label,box\n1,a,b\n".getBytes(StandardCharsets.UTF_8)), SPEC));
    }
}
