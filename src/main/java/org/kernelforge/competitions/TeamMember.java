package org.kernelforge.competitions;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Formula;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** A user on a team ({@link Entrant}); a user is on at most one team per competition. */
@Entity
@Table(name = "team_members")
public class TeamMember extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "competition_id", nullable = false)
    public Long competitionId;

    @Column(name = "entrant_id", nullable = false)
    public Long entrantId;

    @Column(name = "user_id", nullable = false)
    public Long userId;

    @Formula("(select u.username from users u where u.id = user_id)")
    public String username;

    @Column(name = "joined_at", nullable = false)
    public Instant joinedAt;

    static TeamMember of(Entrant team, Long userId, Instant at) {
        TeamMember m = new TeamMember();
        m.competitionId = team.competitionId;
        m.entrantId = team.id;
        m.userId = userId;
        m.joinedAt = at;
        return m;
    }

    /** The id of the user's team, read from the database (not from entities loaded earlier in the transaction). */
    static Optional<Long> teamIdOf(Long competitionId, Long userId) {
        return find("select m.entrantId from TeamMember m where m.competitionId = ?1 and m.userId = ?2",
                competitionId, userId).project(Long.class).firstResultOptional();
    }

    static List<TeamMember> ofTeam(Long entrantId) {
        return list("entrantId = ?1 order by joinedAt, id", entrantId);
    }

    /** Member usernames by team, each team's in the order they joined. */
    static Map<Long, List<String>> usernamesByTeam(Long competitionId) {
        return TeamMember.<TeamMember>list("competitionId = ?1 order by joinedAt, id", competitionId).stream()
                .collect(Collectors.groupingBy(m -> m.entrantId, Collectors.mapping(m -> m.username, Collectors.toList())));
    }

    static List<Long> competitionsOf(Long userId) {
        return find("select m.competitionId from TeamMember m where m.userId = ?1", userId).project(Long.class).list();
    }

    static long countOf(Long entrantId) {
        return count("entrantId", entrantId);
    }

    static void moveAll(Long fromTeam, Long toTeam) {
        update("entrantId = ?1 where entrantId = ?2", toTeam, fromTeam);
    }

    static Collection<Long> userIdsOf(Long entrantId) {
        return find("select m.userId from TeamMember m where m.entrantId = ?1", entrantId).project(Long.class).list();
    }
}
