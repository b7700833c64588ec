package org.kernelforge.backup;

import io.agroal.api.AgroalDataSource;
import io.minio.MinioClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
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
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded default: deploy/backup.sh asks the running server for H2's online backup (with the admin key of
 * initial-admin.json), deploy/restore.sh writes it as the database file of a new data directory.
 */
@QuarkusTest
@TestProfile(H2BackupProfile.class)
class BackupOnH2Test {

    @Inject
    AgroalDataSource dataSource;
    @ConfigProperty(name = "kernelforge.storage.bucket")
    String bucket;

    @Test
    void theRunningServersH2DatabaseAndItsObjectsRestoreIntoANewDataDirectory() throws Exception {
        Account user = TestAccounts.signUp("h2-bk");
        byte[] big = new byte[200_000];
        new SecureRandom().nextBytes(big);
        BackupRestoreTest.dataset(user, Map.of("big.bin", big, "small.csv", "a,b\n1,2\n".getBytes()));

        Path dir = Files.createTempDirectory("kernelforge-h2-backup-test");
        Path newDataDir = Files.createTempDirectory("kernelforge-h2-restored");
        String restoredBucket = "kf-h2-restore-" + UUID.randomUUID().toString().substring(0, 8);
        MinioClient s3 = Rows.s3();
        try {
            Map<String, String> source = new HashMap<>(BackupScripts.s3(bucket));
            source.put("KF_DATA_DIR", H2BackupProfile.DATA_DIR.toString());
            source.put("KF_PUBLIC_URL", "http://127.0.0.1:" + RestAssured.port);
            BackupScripts.run("backup.sh", dir, source);
            assertTrue(Files.exists(dir.resolve("database.h2.zip")));

            Map<String, String> target = new HashMap<>(BackupScripts.s3(restoredBucket));
            target.put("KF_DATA_DIR", newDataDir.toString());
            BackupScripts.run("restore.sh", dir, target);

            try (Connection live = dataSource.getConnection();
                 Connection restored = DriverManager.getConnection("jdbc:h2:file:" + newDataDir.resolve("db/kernelforge"),
                         "kernelforge", "kernelforge")) {
                for (String table : BackupScripts.MAIN_TABLES) {
                    assertEquals(Rows.of(live, table), Rows.of(restored, table), table);
                }
                Map<String, String> named = BlobReferences.objects(restored);
                Map<String, String> restoredSums = Rows.checksums(s3, restoredBucket);
                assertEquals(named, restoredSums, "exactly the objects the database names, each with its content");
                assertTrue(named.keySet().stream().anyMatch(k -> k.startsWith("blobs/by-upload/")));
            }
        } finally {
            Rows.dropBucket(s3, restoredBucket);
            org.kernelforge.platform.FileTrees.deleteTree(dir);
            org.kernelforge.platform.FileTrees.deleteTree(newDataDir);
        }
    }
}
