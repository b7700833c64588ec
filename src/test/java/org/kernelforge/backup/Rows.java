package org.kernelforge.backup;

import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.RemoveBucketArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.messages.Item;
import org.kernelforge.storage.BlobStore;

import java.io.InputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a test compares between a platform and its restored copy: table rows by primary key, object checksums. */
final class Rows {

    private Rows() {
    }

    /** Every row of the table by its first column (the primary key), each as column to value. */
    static Map<String, Map<String, Object>> of(Connection connection, String table) throws SQLException {
        Map<String, Map<String, Object>> rows = new TreeMap<>();
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("select * from " + quoted(connection, table))) {
            ResultSetMetaData meta = r.getMetaData();
            while (r.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    Object value = r.getObject(i);
                    row.put(meta.getColumnName(i).toLowerCase(), value instanceof java.time.temporal.Temporal
                            || value instanceof java.util.Date ? value.toString() : value);
                }
                rows.put(String.valueOf(r.getObject(1)), row);
            }
        }
        return rows;
    }

    /** The table's name as the database spells it (H2 upper-cases the migrations' names, not Flyway's own table). */
    private static String quoted(Connection connection, String table) throws SQLException {
        try (ResultSet tables = connection.getMetaData().getTables(null, connection.getSchema(), "%", new String[] {"TABLE"})) {
            while (tables.next()) {
                if (tables.getString("TABLE_NAME").equalsIgnoreCase(table)) {
                    return '"' + tables.getString("TABLE_NAME") + '"';
                }
            }
        }
        throw new IllegalArgumentException("no table " + table);
    }

    static MinioClient s3() {
        Map<String, String> s3 = BackupScripts.s3("unused");
        return MinioClient.builder().endpoint(s3.get("KF_S3_ENDPOINT"))
                .credentials(s3.get("KF_S3_ACCESS_KEY"), s3.get("KF_S3_SECRET_KEY")).build();
    }

    /** Key to the sha256 of its content, for every object under "blobs/" in the bucket. */
    static Map<String, String> checksums(MinioClient s3, String bucket) throws Exception {
        Map<String, String> sums = new TreeMap<>();
        for (String key : keys(s3, bucket)) {
            sums.put(key, sha256(s3, bucket, key));
        }
        return sums;
    }

    static String sha256(MinioClient s3, String bucket, String key) throws Exception {
        var digest = BlobStore.newDigest();
        try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static List<String> keys(MinioClient s3, String bucket) throws Exception {
        List<String> keys = new ArrayList<>();
        for (Result<Item> r : s3.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix("blobs/").recursive(true).build())) {
            keys.add(r.get().objectName());
        }
        return keys;
    }

    static void dropBucket(MinioClient s3, String bucket) {
        try {
            for (String key : keys(s3, bucket)) {
                s3.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            }
            s3.removeBucket(RemoveBucketArgs.builder().bucket(bucket).build());
        } catch (Exception ignored) {
            // the bucket was never made
        }
    }
}
