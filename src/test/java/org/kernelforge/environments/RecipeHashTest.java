package org.kernelforge.environments;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** What makes two builds the same recipe for the build cache, and what does not. */
class RecipeHashTest {

    private static final String BASE = "sha256:aaaa";
    private static final String SOURCE = "deb [trusted=yes] http://127.0.0.1:9180 ./";

    @Test
    void theOrderOfThePackagesDoesNotMatter() {
        assertEquals(BuildCache.recipeHash(BASE, List.of("tree", "jq"), SOURCE),
                BuildCache.recipeHash(BASE, List.of("jq", "tree"), SOURCE));
    }

    @Test
    void anotherBaseImagePackageListOrAptSourceIsAnotherRecipe() {
        String hash = BuildCache.recipeHash(BASE, List.of("jq"), SOURCE);
        assertNotEquals(hash, BuildCache.recipeHash("sha256:bbbb", List.of("jq"), SOURCE));
        assertNotEquals(hash, BuildCache.recipeHash(BASE, List.of("jq", "tree"), SOURCE));
        assertNotEquals(hash, BuildCache.recipeHash(BASE, List.of("jq"), ""));
        // names cannot run together into another list
        assertNotEquals(BuildCache.recipeHash(BASE, List.of("ab", "c"), SOURCE), BuildCache.recipeHash(BASE, List.of("a", "bc"), SOURCE));
    }
}
