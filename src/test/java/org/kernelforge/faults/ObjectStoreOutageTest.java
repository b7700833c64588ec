package org.kernelforge.faults;

import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The object store stopped under the server: during an upload, during a capture, before a push. */
@QuarkusTest
@TestProfile(OwnObjectStoreProfile.class)
class ObjectStoreOutageTest {

    @AfterEach
    void storeBackUp() throws IOException {
        if (!listening()) {
            OwnObjectStore.startAgain();
        }
    }

    @Test
    void anUploadCutByTheStoreAnswersAClearErrorAndStoresNothing() throws Exception {
        Account user = TestAccounts.signUp("outage-up");
        List<String> objectsBefore = objects();
        String slug = TestAccounts.uniqueName("cut").toLowerCase();
        String boundary = "kfboundary" + System.nanoTime();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\nContent-Type: application/json\r\n\r\n"
                + "{\"title\":\"Cut upload\",\"id\":\"" + user.username() + "/" + slug + "\"}\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        long fileBytes = 48L << 20;
        InputStream body = new SequenceInputStream(java.util.Collections.enumeration(List.of(
                new java.io.ByteArrayInputStream(head.getBytes(StandardCharsets.UTF_8)),
                new KillingStream(fileBytes, 20L << 20),
                new java.io.ByteArrayInputStream(tail.getBytes(StandardCharsets.UTF_8)))));
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/datasets"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user.username() + ":" + user.key()).getBytes()))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body)).timeout(Duration.ofMinutes(3)).build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(503, response.statusCode(), response.body());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
            assertTrue(response.body().contains("object store"), response.body());
        } catch (IOException connectionCut) {
            // the server may answer and close before the client has sent the rest: what is stored is checked below
        }
        OwnObjectStore.startAgain();
        user.given().get("/api/datasets/" + user.username() + "/" + slug).then().statusCode(404);
        assertEquals(objectsBefore, objects(), "no object is left from the cut upload");
    }

    @Test
    void aPushWhileTheStoreIsDownAnswers503AndMakesNoVersion() {
        Account user = TestAccounts.signUp("outage-push");
        OwnObjectStore.kill();
        user.given().contentType(ContentType.JSON)
                .body(Map.of("title", "Down", "kernel_type", "script", "language", "python", "source", "print(1)"))
                .post("/api/kernels/" + user.username() + "/store-down/versions")
                .then().statusCode(503).contentType("application/problem+json");
        user.given().get("/api/kernels/" + user.username() + "/store-down").then().statusCode(404);
    }

    @Test
    void aCaptureWithoutTheStoreFailsTheVersionAsAPlatformError() throws Exception {
        Account user = TestAccounts.signUp("outage-cap");
        String kernel = "capture";
        user.given().contentType(ContentType.JSON).body(Map.of("title", "Capture", "kernel_type", "script", "language", "python",
                        "source", "import time\nprint('working', flush=True)\ntime.sleep(5)\n"
                                + "open('/kaggle/working/result.csv', 'w').write('id,value\\n1,2\\n' * 50000)\n"))
                .post("/api/kernels/" + user.username() + "/" + kernel + "/versions").then().statusCode(202);
        awaitStatus(user, kernel, "running");
        OwnObjectStore.kill();
        Map<String, Object> version = awaitFinished(user, kernel);
        OwnObjectStore.startAgain();
        assertNotEquals("complete", version.get("status"), "a version is never complete without its outputs stored: " + version);
        assertEquals("error", version.get("status"), version.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> failure = (Map<String, Object>) version.get("failure");
        assertEquals("platform", failure.get("kind"), version.toString());
        String message = String.valueOf(failure.get("message"));
        assertFalse(message.contains("Exception") || message.contains("\tat ") || message.contains("127.0.0.1"), message);
        assertTrue(message.contains("object store"), message);
        System.out.println("capture without the store: " + message);
    }

    private static Map<String, Object> awaitFinished(Account user, String kernel) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            Map<String, Object> v = version(user, kernel);
            if (List.of("complete", "error", "cancelled").contains(v.get("status"))) {
                return v;
            }
            OwnObjectStore.sleep(200);
        }
        fail("the version did not finish within 3 minutes: " + version(user, kernel));
        return null;
    }

    private static void awaitStatus(Account user, String kernel, String status) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            if (status.equals(version(user, kernel).get("status"))) {
                return;
            }
            OwnObjectStore.sleep(100);
        }
        fail("the version never became " + status);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> version(Account user, String kernel) {
        return user.given().get("/api/kernels/" + user.username() + "/" + kernel + "/versions/1")
                .then().statusCode(200).extract().as(Map.class);
    }

    private static String baseUrl() {
        return "http://127.0.0.1:" + RestAssured.port;
    }

    private static boolean listening() {
        try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", Integer.parseInt(OwnObjectStore.endpoint().replaceAll(".*:", "")))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> objects() throws Exception {
        MinioClient s3 = MinioClient.builder().endpoint(OwnObjectStore.endpoint())
                .credentials(OwnObjectStore.ACCESS_KEY, OwnObjectStore.SECRET_KEY).build();
        List<String> keys = new ArrayList<>();
        for (Result<Item> r : s3.listObjects(ListObjectsArgs.builder().bucket(OwnObjectStore.BUCKET).recursive(true).build())) {
            keys.add(r.get().objectName());
        }
        return keys;
    }

    /** Bytes of a file part; kills the object store once the given number of them has been read. */
    private static final class KillingStream extends InputStream {
        private final long size;
        private final long killAt;
        private long sent;

        KillingStream(long size, long killAt) {
            this.size = size;
            this.killAt = killAt;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (sent >= size) {
                return -1;
            }
            if (sent < killAt && sent + len >= killAt) {
                OwnObjectStore.kill();
            }
            int n = (int) Math.min(len, size - sent);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) ((sent + i) * 31 % 251);
            }
            sent += n;
            return n;
        }
    }
}
