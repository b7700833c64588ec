package org.kernelforge.backup;

import io.agroal.api.AgroalDataSource;
import io.minio.MinioClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * deploy/backup.sh while the server runs and writes, then deploy/restore.sh into a new PostgreSQL database and a
 * new bucket: every row of the main tables and every object comes back identical.
 */
@QuarkusTest
class BackupRestoreTest {

    private static final String SOLUTION = "PassengerId,Survived,Usage\n101,0,Public\n102,1,Public\n103,0,Private\n104,1,Private\n";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    AgroalDataSource dataSource;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String dbUrl;
    @ConfigProperty(name = "kernelforge.storage.bucket")
    String bucket;

    @Test
    void aBackupTakenWhileTheServerWritesRestoresIntoANewDatabaseAndBucketIdentically() throws Exception {
        Account organizer = TestAccounts.organizer("bk-org");
        Account user = TestAccounts.signUp("bk-user");
        String dataset = dataset(organizer, Map.of("train.csv", "PassengerId,Survived\n1,0\n2,1\n".getBytes(),
                "test.csv", "PassengerId\n101\n102\n103\n104\n".getBytes(), "big.bin", random(300_000)));
        String kernel = TestAccounts.uniqueName("bk-kernel").toLowerCase();
        runKernel(user, kernel, dataset);
        String competition = competition(organizer, user, dataset);

        Map<String, Map<String, Map<String, Object>>> before = tables();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger written = new AtomicInteger();
        Thread writer = new Thread(() -> {
            while (writing.get()) {
                dataset(user, Map.of("more.bin", random(100_000)));
                written.incrementAndGet();
            }
        });
        Path dir = Files.createTempDirectory("kernelforge-backup-test");
        String restoredDb = "kernelforge_restore_" + UUID.randomUUID().toString().substring(0, 8);
        String restoredBucket = "kf-restore-" + UUID.randomUUID().toString().substring(0, 8);
        String restoredUrl = dbUrl.substring(0, dbUrl.lastIndexOf('/') + 1) + restoredDb;
        MinioClient s3 = Rows.s3();
        try (Connection admin = dataSource.getConnection(); Statement s = admin.createStatement()) {
            s.execute("create database " + restoredDb + " owner kernelforge");
        }
        try {
            writer.start();
            Map<String, String> source = new HashMap<>(BackupScripts.s3(bucket));
            source.putAll(Map.of("KF_DB_URL", dbUrl, "KF_DB_USER", "kernelforge", "KF_DB_PASSWORD", "kernelforge"));
            BackupScripts.run("backup.sh", dir, source);
            writing.set(false);
            writer.join();
            Map<String, Map<String, Map<String, Object>>> after = tables();

            Process check = new ProcessBuilder("sha256sum", "--quiet", "-c", "objects.sha256").directory(dir.toFile())
                    .redirectErrorStream(true).start();
            assertEquals(0, check.waitFor(), "sha256sum -c objects.sha256: " + new String(check.getInputStream().readAllBytes()));

            Map<String, String> target = new HashMap<>(BackupScripts.s3(restoredBucket));
            target.putAll(Map.of("KF_DB_URL", restoredUrl, "KF_DB_USER", "kernelforge", "KF_DB_PASSWORD", "kernelforge"));
            BackupScripts.run("restore.sh", dir, target);

            try (Connection restored = DriverManager.getConnection(restoredUrl, "kernelforge", "kernelforge")) {
                Map<String, Map<String, Map<String, Object>>> copy = tables(restored);
                for (String table : BackupScripts.MAIN_TABLES) {
                    Map<String, Map<String, Object>> rows = copy.get(table);
                    before.get(table).forEach((id, row) -> assertEquals(row, rows.get(id), table + " row " + id + " was not restored as it was"));
                    rows.forEach((id, row) -> assertEquals(after.get(table).get(id), row, table + " row " + id + " is not a row the server wrote"));
                }
                assertTrue(copy.get("kernel_version_outputs").values().stream().anyMatch(r -> r.get("path").equals("answer.txt")));
                assertTrue(copy.get("submission_scores").size() > 0 && copy.get("competitions").values().stream()
                        .anyMatch(r -> r.get("slug").equals(competition)));

                Map<String, String> named = BlobReferences.objects(restored);
                Map<String, String> restoredSums = Rows.checksums(s3, restoredBucket);
                assertFalse(named.isEmpty());
                named.forEach((key, sha256) -> assertEquals(sha256, restoredSums.get(key), "the restored object " + key));
                assertTrue(named.keySet().stream().anyMatch(k -> k.startsWith("blobs/by-upload/")),
                        "a streamed upload's object (kept under its upload key) is part of the backup");
                assertTrue(named.keySet().stream().anyMatch(k -> k.startsWith("blobs/packs/")),
                        "a pack holding small outputs (the kernel's answer.txt) is part of the backup, checked by its checksum");
                for (String key : restoredSums.keySet()) {
                    assertEquals(Rows.sha256(s3, bucket, key), restoredSums.get(key), "the source object " + key);
                }
            }

            BackupScripts.Outcome again = BackupScripts.attempt("restore.sh", dir, target);
            assertNotEquals(0, again.exit());
            assertTrue(again.output().contains("already has tables"), again.output());
            System.out.printf("backup taken while %d datasets were uploaded; %s%n", written.get(),
                    Files.readString(dir.resolve("backup.json")).replaceAll("\\s+", " "));
        } finally {
            writing.set(false);
            writer.join();
            try (Connection admin = dataSource.getConnection(); Statement s = admin.createStatement()) {
                s.execute("drop database if exists " + restoredDb);
            }
            Rows.dropBucket(s3, restoredBucket);
            org.kernelforge.platform.FileTrees.deleteTree(dir);
        }
    }

    @Test
    void theServerMakesOnlyTheEmbeddedDatabasesBackupAndOnlyForAdmins() {
        Account user = TestAccounts.signUp("bk-nosy");
        user.given().post("/api/admin/database-backup").then().statusCode(403).contentType("application/problem+json");
        TestAccounts.admin().given().post("/api/admin/database-backup").then().statusCode(409)
                .contentType("application/problem+json");
    }

    private Map<String, Map<String, Map<String, Object>>> tables() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            return tables(connection);
        }
    }

    private static Map<String, Map<String, Map<String, Object>>> tables(Connection connection) throws Exception {
        Map<String, Map<String, Map<String, Object>>> tables = new HashMap<>();
        for (String table : BackupScripts.MAIN_TABLES) {
            tables.put(table, Rows.of(connection, table));
        }
        return tables;
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** A public dataset with these files; answers "owner/slug". */
    static String dataset(Account owner, Map<String, byte[]> files) {
        String slug = TestAccounts.uniqueName("bk-data").toLowerCase();
        var request = owner.given().multiPart("metadata",
                "{\"title\":\"Data " + slug + "\",\"id\":\"" + owner.username() + "/" + slug + "\",\"isPrivate\":false}",
                "application/json");
        files.forEach((name, bytes) -> request.multiPart("file", name, bytes, "application/octet-stream"));
        request.post("/api/datasets").then().statusCode(201);
        return owner.username() + "/" + slug;
    }

    private static void runKernel(Account user, String kernel, String dataset) {
        Map<String, Object> push = Map.of("title", "Backed up", "kernel_type", "script", "language", "python",
                "dataset_sources", List.of(dataset),
                "source", "import os\nprint(sorted(os.listdir('/kaggle/input')))\nopen('/kaggle/working/answer.txt','w').write('42')\n");
        user.given().contentType(ContentType.JSON).body(push)
                .post("/api/kernels/" + user.username() + "/" + kernel + "/versions").then().statusCode(202);
        await(() -> "complete".equals(user.given().get("/api/kernels/" + user.username() + "/" + kernel + "/versions/1")
                .then().statusCode(200).extract().path("status")), "the kernel run");
    }

    private static String competition(Account organizer, Account user, String dataset) {
        String slug = TestAccounts.uniqueName("bk-comp").toLowerCase();
        Map<String, Object> settings = new HashMap<>();
        settings.put("slug", slug);
        settings.put("title", "Backed up " + slug);
        settings.put("startTime", Instant.now().minusSeconds(60).toString());
        settings.put("endTime", Instant.now().plus(Duration.ofDays(1)).toString());
        settings.put("dataset", dataset + "/1");
        settings.put("metric", "accuracy");
        settings.put("idColumn", "PassengerId");
        settings.put("targetColumns", List.of("Survived"));
        organizer.given().contentType(ContentType.JSON).body(settings).post("/api/competitions").then().statusCode(201);
        organizer.given().contentType("text/csv").body(SOLUTION).put("/api/competitions/" + slug + "/solution").then().statusCode(204);
        user.given().post("/api/competitions/" + slug + "/join").then().statusCode(200);
        Number id = user.given().multiPart("file", "submission.csv", "PassengerId,Survived\n101,0\n102,1\n103,1\n104,1\n".getBytes(), "text/csv")
                .post("/api/competitions/" + slug + "/submissions").then().statusCode(202).extract().path("id");
        await(() -> !"pending".equals(user.given().get("/api/competitions/" + slug + "/submissions/" + id)
                .then().statusCode(200).extract().path("submission.status")), "the scoring");
        return slug;
    }

    private static void await(java.util.function.BooleanSupplier done, String what) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            if (done.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        fail(what + " did not finish within 120 s");
    }
}
