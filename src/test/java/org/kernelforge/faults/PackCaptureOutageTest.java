package org.kernelforge.faults;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;
import org.kernelforge.storage.BlobLocation;
import org.kernelforge.storage.BlobPack;
import org.kernelforge.storage.ObjectStore;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The object store cut off while a capture writes packs: some packs are stored and recorded, the next one fails.
 * The version fails as a platform error and shows no output; what was recorded points at packs that are whole.
 */
@QuarkusTest
@TestProfile(PackCaptureOutageTest.StoreBehindACuttingProxy.class)
class PackCaptureOutageTest {

    private static final int FILES = 3000;
    private static final int FILE_BYTES = 2000;
    private static final long PACK_BYTES = 256 * 1024;

    public static class StoreBehindACuttingProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kernelforge.storage.pack-max-bytes", String.valueOf(PACK_BYTES),
                    "kernelforge.data-dir", "target/faults-pack-data");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(CuttingStoreProxy.class));
        }
    }

    @Inject
    ObjectStore store;

    @AfterEach
    void letTheStoreThrough() {
        System.clearProperty(CuttingStoreProxy.CUT_AFTER);
        System.clearProperty(CuttingStoreProxy.CUT);
    }

    @Test
    void aStoreCutOffInTheMiddleOfThePacksFailsTheVersionAndShowsNothing() {
        Account user = TestAccounts.signUp("pack-cut");
        user.given().contentType(ContentType.JSON).body(Map.of("title", "Packs", "kernel_type", "script", "language", "python",
                        "source", """
                                import os, time
                                print('working', flush=True)
                                time.sleep(4)
                                for i in range(%d):
                                    open('/kaggle/working/f%%05d.txt' %% i, 'w').write(('%%05d' %% i) * %d)
                                """.formatted(FILES, FILE_BYTES / 5)))
                .post("/api/kernels/" + user.username() + "/packs/versions").then().statusCode(202);
        awaitStatus(user, "running");
        Instant armed = Instant.now();
        // about 6 MB of packs of 256 KiB: a few are stored before the cut
        System.setProperty(CuttingStoreProxy.CUT_AFTER, String.valueOf(3 * PACK_BYTES / 2));

        Map<String, Object> version = awaitFinished(user);
        assertEquals("true", System.getProperty(CuttingStoreProxy.CUT), "the store was cut off during the capture");
        letTheStoreThrough();

        assertEquals("error", version.get("status"), version.toString());
        Map<?, ?> failure = (Map<?, ?>) version.get("failure");
        assertEquals("platform", failure.get("kind"), version.toString());
        String message = String.valueOf(failure.get("message"));
        assertTrue(message.contains("object store"), message);
        assertFalse(message.contains("Exception") || message.contains("127.0.0.1"), message);
        String base = "/api/kernels/" + user.username() + "/packs/versions/1";
        user.given().get(base + "/output").then().statusCode(200).header("X-Total-Count", "0");
        user.given().get(base + "/output/f00000.txt").then().statusCode(404);

        List<BlobPack> recorded = QuarkusTransaction.requiringNew().call(() ->
                BlobPack.<BlobPack>list("createdAt >= ?1", armed));
        // four writers share the bytes before the cut, so whether one pack is finished before it depends on their
        // interleaving: what matters is that every pack that was recorded is whole, and none after the cut
        assertTrue(recorded.size() < FILES * FILE_BYTES / PACK_BYTES, "the cut came before the last pack: " + recorded.size());
        for (BlobPack pack : recorded) {
            assertEquals(pack.size, store.stat(pack.objectKey).orElseThrow(), "a recorded pack is whole in the store");
        }
        long dangling = QuarkusTransaction.requiringNew().call(() -> BlobLocation.count(
                "packOffset is not null and objectKey not in (select p.objectKey from BlobPack p)"));
        assertEquals(0, dangling, "no blob points into a pack that was not recorded");
    }

    private static Map<String, Object> awaitFinished(Account user) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            Map<String, Object> v = version(user);
            if (List.of("complete", "error", "cancelled").contains(v.get("status"))) {
                return v;
            }
            OwnObjectStore.sleep(200);
        }
        fail("the version did not finish within 3 minutes: " + version(user));
        return null;
    }

    private static void awaitStatus(Account user, String status) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            if (status.equals(version(user).get("status"))) {
                return;
            }
            OwnObjectStore.sleep(100);
        }
        fail("the version never became " + status);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> version(Account user) {
        return user.given().get("/api/kernels/" + user.username() + "/packs/versions/1")
                .then().statusCode(200).extract().as(Map.class);
    }
}
