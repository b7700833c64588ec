package org.kernelforge.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

@QuarkusTest
@TestProfile(DatasetSeederTest.SeedProfile.class)
class DatasetSeederTest {

    static final Path SEED = Path.of("datasets-seed");

    public static class SeedProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kernelforge.datasets.seed-enabled", "true",
                    "kernelforge.datasets.seed-dir", SEED.toString());
        }
    }

    @Inject
    DatasetSeeder seeder;

    @Test
    void seedFoldersBecomePublicDatasetsOfTheAdminExactlyOnce() throws IOException {
        List<String> folders = seedFolders();
        assertFalse(folders.isEmpty(), "the repository has seed folders");
        assertSeeded(folders);

        assertEquals(0, seeder.seed(), "a second run creates nothing");
        assertSeeded(folders);
    }

    private void assertSeeded(List<String> folders) throws IOException {
        List<String> slugs = given().queryParam("owner", "admin").queryParam("pageSize", 100).get("/api/datasets")
                .then().statusCode(200).body("total", equalTo(folders.size()))
                .extract().jsonPath().getList("items.slug", String.class);
        assertEquals(folders, slugs.stream().sorted().toList());

        ObjectMapper json = new ObjectMapper();
        for (String folder : folders) {
            JsonNode metadata = json.readTree(SEED.resolve(folder).resolve("dataset-metadata.json").toFile());
            String base = "/api/datasets/admin/" + folder;
            given().get(base).then().statusCode(200)
                    .body("isPrivate", equalTo(false))
                    .body("title", equalTo(metadata.get("title").asText()))
                    .body("licenseName", equalTo(metadata.get("licenses").get(0).get("name").asText()))
                    .body("versions.size()", equalTo(1));
            List<String> expected = dataFiles(SEED.resolve(folder));
            List<String> paths = given().get(base + "/versions/1/files").then().statusCode(200)
                    .extract().jsonPath().getList("path", String.class);
            assertEquals(expected, paths, folder + ": the data files, without README.md and dataset-metadata.json");
            for (String path : paths) {
                assertArrayEquals(Files.readAllBytes(SEED.resolve(folder).resolve(path)),
                        given().get(base + "/versions/1/files/" + path).asByteArray(), path);
            }
        }
    }

    private static List<String> seedFolders() throws IOException {
        try (Stream<Path> list = Files.list(SEED)) {
            return list.filter(p -> Files.isRegularFile(p.resolve("dataset-metadata.json")))
                    .map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<String> dataFiles(Path folder) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals("README.md") && !n.equals("dataset-metadata.json")).sorted().toList();
        }
    }
}
