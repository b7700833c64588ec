package org.kernelforge.datasets;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts.Account;

import java.nio.charset.StandardCharsets;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kernelforge.TestAccounts.signUp;
import static org.kernelforge.TestAccounts.uniqueName;
import static org.kernelforge.datasets.DatasetFixtures.metadata;
import static org.kernelforge.datasets.DatasetFixtures.sha256;
import static org.kernelforge.datasets.DatasetFixtures.upload;

/** Column statistics of a dataset's CSV file: over the whole file, computed once and kept by the file's content. */
@QuarkusTest
class ColumnStatsApiTest {

    @Inject
    EntityManager em;

    @Test
    void statisticsCoverTheWholeFileAndAreStoredOnce() {
        Account owner = signUp("stats");
        String slug = uniqueName("stats");
        StringBuilder csv = new StringBuilder("id,score,city\n");
        for (int i = 1; i <= 5000; i++) {
            csv.append(i).append(',').append(i % 10 == 0 ? "" : String.valueOf(i % 7)).append(',').append(i % 3 == 0 ? "Oslo" : "Rome").append('\n');
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        upload(owner, metadata(owner.username(), slug, "Statistics", false))
                .multiPart("file", "scores.csv", bytes, "text/csv")
                .multiPart("file", "notes.txt", "hello".getBytes(StandardCharsets.UTF_8), "text/plain")
                .post("/api/datasets").then().statusCode(201);
        String base = "/api/datasets/" + owner.username() + "/" + slug + "/versions/1/files/";

        assertEquals(0, storedRows(sha256(bytes)));
        owner.given().get(base + "scores.csv/stats").then().statusCode(200)
                .body("", hasSize(3),
                        "[0].name", equalTo("id"), "[0].count", equalTo(5000), "[0].missing", equalTo(0),
                        "[0].distinct", equalTo(5000), "[0].min", equalTo(1.0f), "[0].max", equalTo(5000.0f),
                        "[0].mean", equalTo(2500.5f),
                        "[1].count", equalTo(4500), "[1].missing", equalTo(500), "[1].distinct", equalTo(7),
                        "[1].min", equalTo(0.0f), "[1].max", equalTo(6.0f),
                        "[2].type", equalTo("string"), "[2].distinct", equalTo(2), "[2].mean", nullValue());
        assertEquals(1, storedRows(sha256(bytes)));
        owner.given().get(base + "scores.csv/stats").then().statusCode(200).body("[0].count", equalTo(5000));
        assertEquals(1, storedRows(sha256(bytes)));

        owner.given().get(base + "notes.txt/stats").then().statusCode(415);
        owner.given().get(base + "missing.csv/stats").then().statusCode(404);
    }

    private long storedRows(String sha256) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from dataset_column_stats where file_sha256 = ?1").setParameter(1, sha256).getSingleResult()).longValue());
    }
}
