package org.kernelforge.competitions;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import org.hibernate.annotations.Formula;

import java.time.Instant;
import java.util.Optional;

/**
 * A team: who takes part in a competition and owns a leaderboard row, the submissions, the daily limit and the
 * final selection. Every entrant is a team, a one-person team at first; its members are {@link TeamMember}s and
 * its name is what the leaderboard shows.
 */
@Entity
@Table(name = "competition_entrants")
public class Entrant extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "competition_id", nullable = false)
    public Long competitionId;

    /** The leader; the column is user_id, the one user of an entrant before there were teams. */
    @Column(name = "user_id", nullable = false)
    public Long leaderId;

    /** The leader's username, read with the row (users belong to identity). */
    @Formula("(select u.username from users u where u.id = user_id)")
    public String leaderName;

    @Column(nullable = false)
    public String name;

    @Column(name = "joined_at", nullable = false)
    public Instant joinedAt;

    /** A new one-person team, led by its member and named after them. */
    static Entrant createSolo(Long competitionId, Long userId, String username, Instant at) {
        Entrant team = new Entrant();
        team.competitionId = competitionId;
        team.leaderId = userId;
        team.name = username;
        team.joinedAt = at;
        team.persist();
        team.leaderName = username;
        TeamMember member = TeamMember.of(team, userId, at);
        member.persist();
        member.username = username;
        return team;
    }

    /** The team the user is on in the competition. */
    static Optional<Entrant> of(Long competitionId, Long userId) {
        return TeamMember.teamIdOf(competitionId, userId).flatMap(id -> Entrant.<Entrant>findByIdOptional(id));
    }

    /**
     * The user's team, its row locked until the transaction ends: the team's submissions are counted, and its
     * members change, one at a time. A merge may move the user to another team while this waits for the lock, so
     * the membership is read again once the lock is held.
     */
    static Optional<Entrant> lockOf(Long competitionId, Long userId) {
        while (true) {
            Optional<Long> teamId = TeamMember.teamIdOf(competitionId, userId);
            if (teamId.isEmpty()) {
                return Optional.empty();
            }
            Entrant team = lock(teamId.get());
            if (team != null && TeamMember.teamIdOf(competitionId, userId).equals(teamId)) {
                return Optional.of(team);
            }
        }
    }

    /** The team's row locked for this transaction; null when it no longer exists (merged into another). */
    static Entrant lock(Long id) {
        return getEntityManager().find(Entrant.class, id, LockModeType.PESSIMISTIC_WRITE);
    }

    boolean isLedBy(Long userId) {
        return leaderId.equals(userId);
    }
}
