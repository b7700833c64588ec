package org.kernelforge.datasets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.kernelforge.datasets.DatasetViews.ColumnStats;
import org.kernelforge.storage.BlobStore;
import org.kernelforge.storage.StoredFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Column statistics of CSV files, computed the first time they are asked for (one streaming pass over the whole
 * file) and stored by the file's sha256: every version holding the same bytes reads the same row afterwards.
 */
@ApplicationScoped
public class ColumnStatsStore {

    private static final TypeReference<List<ColumnStats>> LIST = new TypeReference<>() {
    };

    private final BlobStore blobs;
    private final EntityManager em;
    private final ObjectMapper json;

    public ColumnStatsStore(BlobStore blobs, EntityManager em, ObjectMapper json) {
        this.blobs = blobs;
        this.em = em;
        this.json = json;
    }

    /** The statistics of a CSV (or .csv.gz) file, stored or computed now. */
    public List<ColumnStats> of(StoredFile file) {
        String stored = QuarkusTransaction.requiringNew().call(() -> storedJson(file.sha256()));
        try {
            if (stored != null) {
                return json.readValue(stored, LIST);
            }
            List<ColumnStats> stats = compute(file);
            String text = json.writeValueAsString(stats);
            // two first viewers may compute at once: the second insert finds the row and adds none
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                            "insert into dataset_column_stats (file_sha256, stats_json, computed_at) "
                                    + "select cast(?1 as varchar(64)), cast(?2 as varchar(1000000)), cast(?3 as timestamp with time zone) "
                                    + "where not exists (select 1 from dataset_column_stats where file_sha256 = ?1)")
                    .setParameter(1, file.sha256()).setParameter(2, text).setParameter(3, Instant.now()).executeUpdate());
            return stats;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored column statistics of " + file.sha256() + " are not readable", e);
        }
    }

    private String storedJson(String sha256) {
        List<?> rows = em.createNativeQuery("select stats_json from dataset_column_stats where file_sha256 = ?1")
                .setParameter(1, sha256).getResultList();
        return rows.isEmpty() ? null : String.valueOf(rows.get(0));
    }

    private List<ColumnStats> compute(StoredFile file) {
        boolean gzip = file.path().toLowerCase(Locale.ROOT).endsWith(".gz");
        try (InputStream raw = blobs.open(file.sha256()); InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw) {
            return ColumnStatistics.of(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
