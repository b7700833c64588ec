package org.kernelforge.competitions;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

import java.time.Instant;

/** One uploaded solution, normalized (id, targets, Usage) and stored as a blob. Replaced, never changed. */
@Entity
@Immutable
@Table(name = "competition_solutions")
public class CompetitionSolution extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "competition_id", nullable = false)
    public Long competitionId;

    @Column(nullable = false)
    public String sha256;

    @Column(name = "size_bytes", nullable = false)
    public long size;

    @Column(name = "row_count", nullable = false)
    public int rowCount;

    @Column(name = "public_rows", nullable = false)
    public int publicRows;

    @Column(name = "private_rows", nullable = false)
    public int privateRows;

    @Column(name = "uploaded_by")
    public Long uploadedBy;

    @Column(name = "uploaded_at", nullable = false)
    public Instant uploadedAt;
}
