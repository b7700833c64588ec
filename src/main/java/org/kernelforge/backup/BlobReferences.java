package org.kernelforge.backup;

import org.kernelforge.storage.BlobStore;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The objects a database names: every value of every column whose name ends in {@code sha256} is a content-addressed
 * blob, found under the key {@code blob_locations} records for it or else under its canonical key. Read by column
 * name rather than from a list of tables, so that a table a later migration adds is backed up without a change here.
 * {@code blob_locations} itself counts: a restored platform that knows a location trusts the object to be there.
 * A packed blob's object is its whole pack, checked against the pack's own checksum ({@code blob_packs}).
 */
final class BlobReferences {

    /** Columns named like a blob that hold the hash of something else: an upload token is a secret, not content. */
    private static final Set<String> NOT_BLOBS = Set.of("token_sha256");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private BlobReferences() {
    }

    /** Object key to the sha256 of its content, for every blob the database refers to. */
    static Map<String, String> objects(Connection connection) throws SQLException {
        Map<String, Stored> locations = locations(connection);
        Map<String, String> objects = new TreeMap<>();
        for (Column column : blobColumns(connection)) {
            try (Statement s = connection.createStatement();
                 ResultSet rows = s.executeQuery("select distinct " + column.name + " from " + column.table
                         + " where " + column.name + " is not null")) {
                while (rows.next()) {
                    String sha256 = rows.getString(1).trim().toLowerCase(Locale.ROOT);
                    if (SHA256.matcher(sha256).matches()) {
                        Stored stored = locations.getOrDefault(sha256, new Stored(BlobStore.key(sha256), sha256));
                        objects.put(stored.key(), stored.sha256());
                    }
                }
            }
        }
        return objects;
    }

    /** Blob sha256 to the object holding it and that object's own sha256 (a pack's differs from its blobs'). */
    private static Map<String, Stored> locations(Connection connection) throws SQLException {
        Map<String, Stored> locations = new HashMap<>();
        try (Statement s = connection.createStatement();
             ResultSet rows = s.executeQuery("select l.sha256, l.object_key, p.checksum from blob_locations l "
                     + "left join blob_packs p on p.object_key = l.object_key")) {
            while (rows.next()) {
                String sha256 = rows.getString(1);
                String pack = rows.getString(3);
                locations.put(sha256, new Stored(rows.getString(2), pack == null ? sha256 : pack));
            }
        }
        return locations;
    }

    /** An object and the sha256 of its bytes. */
    private record Stored(String key, String sha256) {
    }

    private static List<Column> blobColumns(Connection connection) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        String schema = connection.getSchema();
        List<Column> columns = new ArrayList<>();
        try (ResultSet rows = meta.getColumns(connection.getCatalog(), schema, "%", "%")) {
            while (rows.next()) {
                String table = rows.getString("TABLE_NAME");
                String name = rows.getString("COLUMN_NAME");
                String lower = name.toLowerCase(Locale.ROOT);
                if (lower.endsWith("sha256") && !NOT_BLOBS.contains(lower)) {
                    columns.add(new Column(quote(table), quote(name)));
                }
            }
        }
        return columns;
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private record Column(String table, String name) {
    }
}
