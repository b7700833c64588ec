package org.kernelforge.storage;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.Session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The object keys of blobs that are not under their canonical key, from the blob_locations table: streamed uploads
 * and packed blobs. A blob's location never changes once recorded, so the ones looked up are remembered (up to
 * {@link #REMEMBERED}); blobs without a row are not, as they may get one later.
 */
@ApplicationScoped
public class BlobLocations {

    private static final int REMEMBERED = 10_000;
    /** Hashes per lookup query and rows per insert batch. */
    private static final int CHUNK = 1000;

    private final Map<String, Location> remembered = new ConcurrentHashMap<>();

    /**
     * Where a blob's bytes are: the whole object {@code objectKey}, or for a packed blob {@code length} bytes from
     * {@code offset} of it.
     */
    public record Location(String objectKey, Long offset, Long length) {

        static Location whole(String objectKey) {
            return new Location(objectKey, null, null);
        }

        public boolean packed() {
            return offset != null;
        }
    }

    /** A blob written into a pack: its sha256 and where its bytes are in the pack. */
    record PackEntry(String sha256, long offset, long length) {
    }

    /** Where the blob is stored, if it is not under its canonical key. */
    public Optional<Location> find(String sha256) {
        Location known = remembered.get(sha256);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Location> found = QuarkusTransaction.requiringNew().call(() ->
                BlobLocation.<BlobLocation>findByIdOptional(sha256)
                        .map(row -> new Location(row.objectKey, row.packOffset, row.packLength)));
        found.ifPresent(location -> remember(sha256, location));
        return found;
    }

    /** The recorded locations (packed or streamed) of those of these blobs that have one, one query per thousand. */
    Map<String, Location> findAll(Collection<String> sha256s) {
        List<String> all = List.copyOf(new HashSet<>(sha256s));
        Map<String, Location> found = new HashMap<>();
        for (int start = 0; start < all.size(); start += CHUNK) {
            List<String> chunk = all.subList(start, Math.min(all.size(), start + CHUNK));
            QuarkusTransaction.requiringNew().call(() -> BlobLocation.<BlobLocation>list("sha256 in ?1", chunk))
                    .forEach(row -> found.put(row.sha256, new Location(row.objectKey, row.packOffset, row.packLength)));
        }
        return found;
    }

    /**
     * Records where the blob's bytes are; false when an upload of the same content recorded its own key first,
     * which then stands.
     */
    boolean record(String sha256, String objectKey) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                BlobLocation location = new BlobLocation();
                location.sha256 = sha256;
                location.objectKey = objectKey;
                location.createdAt = Instant.now();
                location.persist();
            });
        } catch (RuntimeException e) {
            // the primary key refused a second row for the same content
            if (find(sha256).isPresent()) {
                return false;
            }
            throw e;
        }
        remember(sha256, Location.whole(objectKey));
        return true;
    }

    /**
     * Records a stored pack and its entries, in one transaction of batched inserts. An entry whose content another
     * capture packed meanwhile keeps that capture's location (its copy in this pack is never read).
     */
    void recordPack(String objectKey, long size, String checksum, List<PackEntry> entries) {
        Timestamp now = Timestamp.from(Instant.now());
        try {
            QuarkusTransaction.requiringNew().run(() -> Panache.getEntityManager().unwrap(Session.class).doWork(connection -> {
                insertPack(connection, objectKey, size, checksum, now);
                insertEntries(connection, objectKey, entries, now, false);
            }));
        } catch (RuntimeException raced) {
            QuarkusTransaction.requiringNew().run(() -> Panache.getEntityManager().unwrap(Session.class).doWork(connection -> {
                insertPack(connection, objectKey, size, checksum, now);
                insertEntries(connection, objectKey, entries, now, true);
            }));
        }
    }

    private static void insertPack(Connection connection, String objectKey, long size, String checksum, Timestamp now)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into blob_packs (object_key, size_bytes, checksum, created_at) values (?, ?, ?, ?)")) {
            insert.setString(1, objectKey);
            insert.setLong(2, size);
            insert.setString(3, checksum);
            insert.setTimestamp(4, now);
            insert.executeUpdate();
        }
    }

    /** Batched inserts; {@code skipRecorded}: only the entries without a row yet (slower, after a race). */
    private static void insertEntries(Connection connection, String objectKey, List<PackEntry> entries, Timestamp now,
                                      boolean skipRecorded) throws SQLException {
        String sql = skipRecorded
                ? "insert into blob_locations (sha256, object_key, pack_offset, pack_length, created_at) "
                + "select ?, ?, ?, ?, ? from blob_packs where object_key = ? "
                + "and not exists (select 1 from blob_locations where sha256 = ?)"
                : "insert into blob_locations (sha256, object_key, pack_offset, pack_length, created_at) values (?, ?, ?, ?, ?)";
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            int batched = 0;
            for (PackEntry entry : entries) {
                insert.setString(1, entry.sha256());
                insert.setString(2, objectKey);
                insert.setLong(3, entry.offset());
                insert.setLong(4, entry.length());
                insert.setTimestamp(5, now);
                if (skipRecorded) {
                    insert.setString(6, objectKey);
                    insert.setString(7, entry.sha256());
                    insert.executeUpdate();
                    continue;
                }
                insert.addBatch();
                if (++batched % CHUNK == 0) {
                    insert.executeBatch();
                }
            }
            if (!skipRecorded && batched % CHUNK != 0) {
                insert.executeBatch();
            }
        }
    }

    private void remember(String sha256, Location location) {
        if (remembered.size() >= REMEMBERED) {
            remembered.clear();
        }
        remembered.put(sha256, location);
    }
}
