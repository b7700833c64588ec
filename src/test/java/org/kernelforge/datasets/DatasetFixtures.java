package org.kernelforge.datasets;

import org.kernelforge.TestAccounts;
import org.kernelforge.TestAccounts.Account;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static io.restassured.RestAssured.given;

/** Accounts, metadata, archives and uploads for the dataset tests, all through the public API. */
final class DatasetFixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DatasetFixtures() {
    }

    /** The admin created at start-up; its API key is in the data dir's initial-admin.json. */
    static Account admin() {
        return TestAccounts.admin();
    }

    static Path dataDir() {
        return Path.of(ConfigProvider.getConfig().getValue("kernelforge.data-dir", String.class));
    }

    static Path uploadsDir() {
        return Path.of(ConfigProvider.getConfig().getValue("quarkus.http.body.uploads-directory", String.class));
    }

    static String metadata(String owner, String slug, String title, boolean isPrivate) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", title);
        m.put("id", owner + "/" + slug);
        m.put("licenses", new Object[]{Map.of("name", "CC0-1.0")});
        m.put("subtitle", "Test data for " + slug);
        m.put("keywords", new String[]{"testing", "tabular"});
        m.put("isPrivate", isPrivate);
        try {
            return JSON.writeValueAsString(m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A multipart upload request with a metadata part; add 'file' parts to it. */
    static RequestSpecification upload(Account account, String metadata) {
        return account.given().multiPart("metadata", metadata, "application/json");
    }

    static byte[] zip(Map<String, byte[]> entries) {
        return zip(entries, StandardCharsets.UTF_8);
    }

    static byte[] zip(Map<String, byte[]> entries, Charset names) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, names)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Distinct CSV content for each call, so that blobs are new. */
    static byte[] freshCsv(int rows) {
        StringBuilder csv = new StringBuilder("id,name,score\n");
        String salt = UUID.randomUUID().toString();
        for (int i = 1; i <= rows; i++) {
            csv.append(i).append(",row-").append(salt).append('-').append(i).append(',').append(i * 0.5).append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Number of regular files under a folder (0 if it does not exist). */
    static long filesUnder(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
