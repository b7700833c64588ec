package org.kernelforge.kernels;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** One file of a version's output snapshot: its bytes are the blob named by sha256. */
@Entity
@Immutable
@Table(name = "kernel_version_outputs")
public class KernelVersionOutput extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "version_id", nullable = false)
    public Long versionId;

    @Column(nullable = false)
    public String path;

    @Column(name = "size_bytes", nullable = false)
    public long size;

    @Column(nullable = false)
    public String sha256;

    @Column(name = "file_mode", nullable = false)
    public int mode;

    /** A file of a snapshot about to be recorded. */
    record Row(String path, long size, String sha256, int mode) {
    }

    /** Rows per insert statement: the manifest of 100,000 files is 100 statements, not 100,000. */
    private static final int ROWS_PER_INSERT = 1000;

    public static List<KernelVersionOutput> listFor(long versionId) {
        return list("versionId = ?1 order by path", versionId);
    }

    /** Up to {@code limit} files whose path sorts after {@code after} (null: from the first), in path order. */
    static List<KernelVersionOutput> page(long versionId, String after, int limit) {
        return (after == null ? find("versionId = ?1 order by path", versionId)
                : find("versionId = ?1 and path > ?2 order by path", versionId, after))
                .page(io.quarkus.panache.common.Page.ofSize(limit)).list();
    }

    /** The first {@code limit} CSV files of a version, by path. */
    static List<KernelVersionOutput> csvFilesOf(long versionId, int limit) {
        return find("versionId = ?1 and lower(path) like '%.csv' order by path", versionId)
                .page(io.quarkus.panache.common.Page.ofSize(limit)).list();
    }

    static long countFor(long versionId) {
        return count("versionId", versionId);
    }

    /** How many files sort at or before {@code path}: the position of the file after it is one more. */
    static long countUpTo(long versionId, String path) {
        return count("versionId = ?1 and path <= ?2", versionId, path);
    }

    /** Records a snapshot's files in the current transaction, in multi-row inserts. */
    static void insertAll(long versionId, List<Row> rows) {
        getEntityManager().unwrap(Session.class).doWork(connection -> {
            for (int start = 0; start < rows.size(); start += ROWS_PER_INSERT) {
                List<Row> chunk = rows.subList(start, Math.min(rows.size(), start + ROWS_PER_INSERT));
                try (PreparedStatement insert = connection.prepareStatement(
                        "insert into kernel_version_outputs (version_id, path, size_bytes, sha256, file_mode) values "
                                + String.join(", ", Collections.nCopies(chunk.size(), "(?, ?, ?, ?, ?)")))) {
                    int p = 1;
                    for (Row row : chunk) {
                        insert.setLong(p++, versionId);
                        insert.setString(p++, row.path());
                        insert.setLong(p++, row.size());
                        insert.setString(p++, row.sha256());
                        insert.setInt(p++, row.mode());
                    }
                    insert.executeUpdate();
                }
            }
        });
    }

    public static Optional<KernelVersionOutput> byPath(long versionId, String path) {
        return find("versionId = ?1 and path = ?2", versionId, path).firstResultOptional();
    }
}
