package org.kernelforge.environments;

import org.junit.jupiter.api.Test;
import org.kernelforge.platform.ProblemException;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** apt's words read back (sizes, errors, progress) and recipes checked before anything runs. */
class AptOutputTest {

    private static final String LOG = """
            The following NEW packages will be installed:
              hello jq libjq1 libonig5 tree
            0 upgraded, 5 newly installed, 0 to remove and 0 not upgraded.
            Need to get 1,493 kB of archives.
            After this operation, 15.7 MB of additional disk space will be used.
            Setting up hello (2.10-3) ...
            Setting up tree (2.1.0-1) ...
            """;

    @Test
    void sizesAreReadInAptsDecimalUnits() {
        assertEquals(Optional.of(1_493_000L), AptOutput.downloadBytes(LOG));
        assertEquals(Optional.of(15_700_000L), AptOutput.installedBytes(LOG));
        assertEquals(Optional.of(5), AptOutput.newPackages(LOG));
        // a partly cached download: "Need to get 10.0 MB/1,200 MB of archives" is what is still to fetch
        assertEquals(Optional.of(1_200_000_000L), AptOutput.downloadBytes("Need to get 10.0 MB/1,200 MB of archives."));
        assertEquals(Optional.empty(), AptOutput.downloadBytes("nothing"));
    }

    @Test
    void progressCountsPackagesSetUp() {
        assertEquals(new AptOutput.Progress(2, 5), AptOutput.progress(LOG));
        assertEquals(40, AptOutput.progress(LOG).percent());
    }

    @Test
    void errorsAreAptsELines() {
        assertEquals(List.of("E: Unable to locate package kf-nope"),
                AptOutput.errors("Reading package lists...\nE: Unable to locate package kf-nope\n"));
    }

    @Test
    void recipesTakeDebianPackageNamesOnly() {
        assertEquals(List.of("python3-numpy", "g++", "libboost-regex1.74.0"),
                Recipe.parse("# language: python\npython3-numpy  # arrays\ng++\n\nlibboost-regex1.74.0\npython3-numpy\n", "f").packages());
        for (String bad : List.of("-o", "Foo", "a", "rm -rf", "pkg;ls", "$(id)", "python3-numpy=1.0")) {
            ProblemException e = assertThrows(ProblemException.class, () -> Recipe.of(List.of(bad), "packages"), bad);
            assertEquals("packages", e.field(), bad);
        }
    }
}
