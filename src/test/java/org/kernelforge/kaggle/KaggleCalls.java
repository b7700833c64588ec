package org.kernelforge.kaggle;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.kernelforge.TestAccounts.Account;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static io.restassured.RestAssured.given;

/** Calls shaped as the official client sends them: a JSON body by POST, defaults left out, Basic username:key. */
final class KaggleCalls {

    private KaggleCalls() {
    }

    static RequestSpecification as(Account account) {
        return account == null ? given() : account.given();
    }

    static ValidatableResponse call(Account account, String serviceAndMethod, String json) {
        return as(account).contentType(ContentType.JSON).body(json).redirects().follow(false)
                .post("/api/v1/" + serviceAndMethod).then();
    }

    /** A raw upload as the client makes it: StartBlobUpload, then a PUT of the bytes to createUrl with no credentials. */
    static String upload(Account account, String name, byte[] bytes) {
        var started = call(account, "blobs.BlobApiService/StartBlobUpload", "{\"type\":\"DATASET\",\"name\":\"" + name
                + "\",\"contentLength\":" + bytes.length + ",\"lastModifiedEpochSeconds\":1767225600}")
                .statusCode(200).extract().jsonPath();
        given().body(bytes).contentType("application/octet-stream").put(pathOf(started.getString("createUrl")))
                .then().statusCode(200);
        return started.getString("token");
    }

    /** The path and query of an absolute URL built from the configured public URL (not this test's port). */
    static String pathOf(String url) {
        URI uri = URI.create(url);
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    static Map<String, byte[]> unzip(byte[] zip) {
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                entries.put(e.getName(), in.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
