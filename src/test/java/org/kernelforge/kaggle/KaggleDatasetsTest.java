package org.kernelforge.kaggle;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.kernelforge.HttpDates.assertLastModified;
import static org.kernelforge.kaggle.KaggleCalls.as;
import static org.kernelforge.kaggle.KaggleCalls.call;
import static org.kernelforge.kaggle.KaggleCalls.upload;

/** kaggle datasets create, status, list, files, metadata, download and version, as the client makes the calls. */
@QuarkusTest
class KaggleDatasetsTest {

    private static final String API = "datasets.DatasetApiService/";
    private static final byte[] TRAIN = "id,value\n1,2.5\n2,3.5\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TEST = "id\n3\n4\n".getBytes(StandardCharsets.UTF_8);

    private static String create(Account owner, String slug, boolean isPrivate, Map<String, byte[]> files) {
        StringBuilder tokens = new StringBuilder();
        files.forEach((name, bytes) -> tokens.append(tokens.isEmpty() ? "" : ",")
                .append("{\"token\":\"").append(upload(owner, name, bytes)).append("\"}"));
        return call(owner, API + "CreateDataset", "{\"ownerSlug\":\"" + owner.username() + "\",\"slug\":\"" + slug
                + "\",\"title\":\"Data " + slug + "\",\"licenseName\":\"CC0-1.0\"" + (isPrivate ? ",\"isPrivate\":true" : "")
                + ",\"files\":[" + tokens + "],\"subtitle\":\"A small table\",\"description\":\"Two rows\","
                + "\"categoryIds\":[\"tabular\"]}")
                .statusCode(200).body("status", equalTo("ok")).extract().path("ref");
    }

    private static String ref(Account owner, String slug) {
        return "{\"ownerSlug\":\"" + owner.username() + "\",\"datasetSlug\":\"" + slug + "\"}";
    }

    @Test
    void createThenStatusFilesMetadataAndByteExactDownloads() {
        Account ada = TestAccounts.signUp("ada");
        String slug = "tiny-" + TestAccounts.uniqueName("d").substring(2);
        call(ada, API + "GetDatasetStatus", ref(ada, slug)).statusCode(404).body("code", equalTo(404));

        assertEquals(ada.username() + "/" + slug, create(ada, slug, true, Map.of("train.csv", TRAIN, "test.csv", TEST)));

        call(ada, API + "GetDatasetStatus", ref(ada, slug)).statusCode(200).body("status", equalTo("READY"));
        call(ada, API + "ListDatasetFiles", ref(ada, slug)).statusCode(200)
                .body("datasetFiles.name", equalTo(List.of("test.csv", "train.csv")))
                .body("datasetFiles[1].totalBytes", equalTo(TRAIN.length))
                .body("nextPageToken", nullValue());
        call(ada, API + "GetDatasetMetadata", ref(ada, slug)).statusCode(200)
                .body("info.title", equalTo("Data " + slug))
                .body("info.licenses[0].name", equalTo("CC0-1.0"))
                .body("info.keywords", equalTo(List.of("tabular")))
                .body("info.isPrivate", equalTo(true));

        String fileLocation = call(ada, API + "DownloadDataset", ref(ada, slug).replace("}", ",\"fileName\":\"train.csv\"}"))
                .statusCode(302).header("Location", startsWith("/")).header("Location", endsWith("/train.csv"))
                .extract().header("Location");
        ExtractableResponse<Response> file = as(ada).get(fileLocation).then().statusCode(200)
                .header("Content-Encoding", nullValue()).extract();
        assertArrayEquals(TRAIN, file.asByteArray());
        assertEquals(String.valueOf(TRAIN.length), file.header("Content-Length"));
        Instant created = Instant.parse(as(ada).get("/api/datasets/" + ada.username() + "/" + slug).then().statusCode(200)
                .extract().path("versions[0].createdAt"));
        assertLastModified(created, file.header("Last-Modified"));

        String zipLocation = call(ada, API + "DownloadDataset", ref(ada, slug)).statusCode(302)
                .header("Location", startsWith("/")).header("Location", endsWith(".zip")).extract().header("Location");
        ExtractableResponse<Response> zip = as(ada).get(zipLocation).then().statusCode(200)
                .contentType("application/zip").extract();
        byte[] bytes = zip.asByteArray();
        assertEquals(String.valueOf(bytes.length), zip.header("Content-Length"));
        assertLastModified(created, zip.header("Last-Modified"));
        Map<String, byte[]> entries = KaggleCalls.unzip(bytes);
        assertArrayEquals(TRAIN, entries.get("train.csv"));
        assertArrayEquals(TEST, entries.get("test.csv"));
    }

    @Test
    void aNewVersionHoldsExactlyTheUploadedFiles() {
        Account ada = TestAccounts.signUp("ada");
        String slug = "versions-" + TestAccounts.uniqueName("d").substring(2);
        create(ada, slug, false, Map.of("train.csv", TRAIN, "test.csv", TEST));
        byte[] changed = "id,value\n1,9\n".getBytes(StandardCharsets.UTF_8);
        call(ada, API + "CreateDatasetVersion", "{\"ownerSlug\":\"" + ada.username() + "\",\"datasetSlug\":\"" + slug
                + "\",\"body\":{\"versionNotes\":\"fixed values\",\"files\":[{\"token\":\"" + upload(ada, "train.csv", changed)
                + "\"}]}}").statusCode(200).body("status", equalTo("ok"));

        call(ada, API + "ListDatasetFiles", ref(ada, slug)).body("datasetFiles.name", equalTo(List.of("train.csv")))
                .body("datasetFiles[0].totalBytes", equalTo(changed.length));
        call(ada, API + "ListDatasetFiles", ref(ada, slug).replace("}", ",\"datasetVersionNumber\":1}"))
                .body("datasetFiles.name", equalTo(List.of("test.csv", "train.csv")));
    }

    /** --dir-mode zip sends a subfolder as its zip; like Kaggle, the dataset holds the folder again. */
    @Test
    void aZippedSubfolderBecomesThatFolder() {
        Account ada = TestAccounts.signUp("ada");
        String slug = "folders-" + TestAccounts.uniqueName("d").substring(2);
        byte[] zipped = DatasetZips.of(Map.of("inner.csv", TEST, "deeper/more.csv", TRAIN));
        create(ada, slug, false, Map.of("train.csv", TRAIN, "sub.zip", zipped));
        call(ada, API + "ListDatasetFiles", ref(ada, slug)).statusCode(200)
                .body("datasetFiles.name", equalTo(List.of("sub/deeper/more.csv", "sub/inner.csv", "train.csv")));
        call(ada, API + "CreateDatasetVersion", "{\"ownerSlug\":\"" + ada.username() + "\",\"datasetSlug\":\"" + slug
                + "\",\"body\":{\"files\":[{\"token\":\"" + upload(ada, "sub.zip", zipped) + "\"}]}}").statusCode(200);
        call(ada, API + "ListDatasetFiles", ref(ada, slug))
                .body("datasetFiles.name", equalTo(List.of("sub/deeper/more.csv", "sub/inner.csv")));
    }

    @Test
    void filesArePagedUntilTheTokenIsEmpty() {
        Account ada = TestAccounts.signUp("ada");
        String slug = "paged-" + TestAccounts.uniqueName("d").substring(2);
        create(ada, slug, false, Map.of("train.csv", TRAIN, "test.csv", TEST));
        String next = call(ada, API + "ListDatasetFiles", ref(ada, slug).replace("}", ",\"pageSize\":1}"))
                .body("datasetFiles.name", equalTo(List.of("test.csv"))).extract().path("nextPageToken");
        call(ada, API + "ListDatasetFiles", ref(ada, slug).replace("}", ",\"pageSize\":1,\"pageToken\":\"" + next + "\"}"))
                .body("datasetFiles.name", equalTo(List.of("train.csv"))).body("nextPageToken", nullValue());
    }

    @Test
    void publicDatasetsAreListedAndDownloadedAnonymously() {
        Account ada = TestAccounts.signUp("ada");
        String slug = "open-" + TestAccounts.uniqueName("d").substring(2);
        create(ada, slug, false, Map.of("train.csv", TRAIN));
        call(null, API + "ListDatasets", "{\"search\":\"" + slug + "\",\"user\":\"\",\"tagIds\":\"\",\"page\":1}")
                .statusCode(200).body("datasets.ref", equalTo(List.of(ada.username() + "/" + slug)));
        String location = call(null, API + "DownloadDataset", ref(ada, slug).replace("}", ",\"fileName\":\"train.csv\"}"))
                .statusCode(302).extract().header("Location");
        assertArrayEquals(TRAIN, as(null).get(location).then().statusCode(200).extract().asByteArray());
    }

    @Test
    void listMineShowsTheCallersPrivateDatasets() {
        Account ada = TestAccounts.signUp("ada");
        String slug = "mine-" + TestAccounts.uniqueName("d").substring(2);
        create(ada, slug, true, Map.of("train.csv", TRAIN));
        call(ada, API + "ListDatasets", "{\"group\":\"DATASET_SELECTION_GROUP_MY\",\"search\":\"\",\"user\":\"\",\"page\":1}")
                .statusCode(200).body("datasets.ref", hasItem(ada.username() + "/" + slug))
                .body("datasets[0].isPrivate", equalTo(true))
                .body("datasets[0].totalBytes", equalTo(TRAIN.length));
    }

    @Test
    void aPrivateDatasetIsNotFoundForAnotherUser() {
        Account ada = TestAccounts.signUp("ada");
        Account bob = TestAccounts.signUp("bob");
        String slug = "secret-" + TestAccounts.uniqueName("d").substring(2);
        create(ada, slug, true, Map.of("train.csv", TRAIN));
        for (String method : List.of("GetDatasetStatus", "ListDatasetFiles", "GetDatasetMetadata", "DownloadDataset")) {
            call(bob, API + method, ref(ada, slug)).statusCode(404).contentType(containsString("application/json"))
                    .body("code", equalTo(404)).body("message", containsString(slug));
        }
        call(bob, API + "ListDatasets", "{\"search\":\"" + slug + "\",\"page\":1}").body("datasets.ref", not(hasItem(ada.username() + "/" + slug)));
        String zip = call(ada, API + "DownloadDataset", ref(ada, slug)).statusCode(302).extract().header("Location");
        as(bob).get(zip).then().statusCode(404);
        as(null).get(zip).then().statusCode(404);
        call(bob, API + "CreateDatasetVersion", "{\"ownerSlug\":\"" + ada.username() + "\",\"datasetSlug\":\"" + slug
                + "\",\"body\":{\"files\":[{\"token\":\"" + upload(bob, "x.csv", TRAIN) + "\"}]}}").statusCode(404);
    }

    @Test
    void anUnknownUploadTokenIsRefusedWithAMessage() {
        Account ada = TestAccounts.signUp("ada");
        call(ada, API + "CreateDataset", "{\"ownerSlug\":\"" + ada.username() + "\",\"slug\":\"no-files-here\","
                + "\"title\":\"No files here\",\"files\":[{\"token\":\"not-a-token\"}]}")
                .statusCode(404).body("code", equalTo(404)).body("message", not(equalTo("")));
    }
}
