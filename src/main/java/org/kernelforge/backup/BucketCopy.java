package org.kernelforge.backup;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.UploadObjectArgs;
import org.kernelforge.storage.BlobStore;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Objects between the bucket and a backup folder: {@code objects/<key>}, listed with their sha256 in
 * {@code objects.sha256} (the format of {@code sha256sum}, so {@code sha256sum -c objects.sha256} checks a backup).
 * Every object is checked against its sha256 on the way out and on the way back in.
 */
final class BucketCopy {

    static final String LIST = "objects.sha256";
    private static final String FOLDER = "objects/";
    private static final int THREADS = 4;

    private final MinioClient client;
    private final String bucket;
    private final String region;

    BucketCopy(BackupSettings settings) {
        this.client = MinioClient.builder().endpoint(settings.s3Endpoint())
                .credentials(settings.s3AccessKey(), settings.s3SecretKey()).region(settings.s3Region()).build();
        this.bucket = settings.s3Bucket();
        this.region = settings.s3Region();
    }

    /** Copies each object (key to sha256) into the folder; answers the bytes copied. */
    long download(Map<String, String> objects, Path dir) throws Exception {
        long total = inParallel(objects, (key, sha256) -> {
            Path file = fileOf(dir, key);
            Files.createDirectories(file.getParent());
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            MessageDigest digest = BlobStore.newDigest();
            long size = 0;
            try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build());
                 OutputStream out = Files.newOutputStream(partial)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; size += n) {
                    digest.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
            } catch (io.minio.errors.ErrorResponseException e) {
                throw new BackupException("the database names the object " + key + " but the bucket " + bucket
                        + " answers " + e.errorResponse().code() + " for it", e);
            }
            expectSha256(key, sha256, digest);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
            return size;
        });
        StringBuilder list = new StringBuilder();
        objects.forEach((key, sha256) -> list.append(sha256).append("  ").append(FOLDER).append(key).append('\n'));
        Files.writeString(dir.resolve(LIST), list);
        return total;
    }

    /** Puts every object of a backup folder into the bucket (made when missing), each checked first. */
    long upload(Path dir) throws Exception {
        if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
            client.makeBucket(MakeBucketArgs.builder().bucket(bucket).region(region).build());
        }
        return inParallel(listed(dir), (key, sha256) -> {
            Path file = fileOf(dir, key);
            expectSha256(key, sha256, digestOf(file));
            client.uploadObject(UploadObjectArgs.builder().bucket(bucket).object(key).filename(file.toString())
                    .contentType("application/octet-stream").build());
            return Files.size(file);
        });
    }

    /** The objects a backup folder holds: key to sha256. */
    static Map<String, String> listed(Path dir) throws IOException {
        Map<String, String> objects = new LinkedHashMap<>();
        for (String line : Files.readAllLines(dir.resolve(LIST))) {
            if (!line.isBlank()) {
                objects.put(line.substring(66 + FOLDER.length()), line.substring(0, 64));
            }
        }
        return objects;
    }

    private static Path fileOf(Path dir, String key) {
        Path file = dir.resolve(FOLDER + key).normalize();
        if (!file.startsWith(dir.resolve(FOLDER).normalize()) || key.contains("..")) {
            throw new BackupException("refusing the object key " + key + ": it leaves the backup folder", null);
        }
        return file;
    }

    private static MessageDigest digestOf(Path file) throws IOException {
        MessageDigest digest = BlobStore.newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return digest;
    }

    private static void expectSha256(String key, String sha256, MessageDigest digest) {
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(sha256)) {
            throw new BackupException("the object " + key + " should have the sha256 " + sha256 + " but has " + actual, null);
        }
    }

    private interface Transfer {
        long copy(String key, String sha256) throws Exception;
    }

    private static long inParallel(Map<String, String> objects, Transfer transfer) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Long>> copies = new ArrayList<>();
            objects.forEach((key, sha256) -> copies.add(pool.submit(() -> transfer.copy(key, sha256))));
            long total = 0;
            for (Future<Long> copy : copies) {
                try {
                    total += copy.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
            return total;
        } finally {
            pool.shutdownNow();
        }
    }
}
