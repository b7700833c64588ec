package org.kernelforge.competitions;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Optional;

/**
 * Who takes part in a competition and owns a leaderboard row. Today one user who accepted the
 * rules; the name is what the leaderboard shows (a team's name, once there are teams).
 */
@Entity
@Table(name = "competition_entrants")
public class Entrant extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "competition_id", nullable = false)
    public Long competitionId;

    @Column(name = "user_id", nullable = false)
    public Long userId;

    @Column(nullable = false)
    public String name;

    @Column(name = "joined_at", nullable = false)
    public Instant joinedAt;

    static Optional<Entrant> of(Long competitionId, Long userId) {
        return find("competitionId = ?1 and userId = ?2", competitionId, userId).firstResultOptional();
    }

    /** The entrant's row locked until the transaction ends: submissions of one entrant are counted one at a time. */
    static Optional<Entrant> lockOf(Long competitionId, Long userId) {
        return find("competitionId = ?1 and userId = ?2", competitionId, userId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }
}
