package org.kernelforge.competitions;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import org.hibernate.annotations.Formula;

import java.time.Instant;
import java.util.List;

/**
 * A team leader's invitation to a user. When the user leads a team of their own (every entrant does, alone at
 * first), accepting it is a merge: their whole team moves into the inviting one.
 */
@Entity
@Table(name = "team_invitations")
public class Invitation extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "competition_id", nullable = false)
    public Long competitionId;

    /** The inviting team. */
    @Column(name = "entrant_id", nullable = false)
    public Long entrantId;

    @Column(name = "invitee_id", nullable = false)
    public Long inviteeId;

    @Formula("(select u.username from users u where u.id = invitee_id)")
    public String inviteeName;

    @Column(name = "invited_by")
    public Long invitedBy;

    @Formula("(select u.username from users u where u.id = invited_by)")
    public String invitedByName;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public InvitationStatus status;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "answered_at")
    public Instant answeredAt;

    static List<Invitation> ofInvitee(Long userId) {
        return list("inviteeId = ?1 order by createdAt desc, id desc", userId);
    }

    static List<Invitation> pendingOfTeam(Long entrantId) {
        return list("entrantId = ?1 and status = ?2 order by createdAt, id", entrantId, InvitationStatus.PENDING);
    }

    static boolean isPending(Long entrantId, Long inviteeId) {
        return count("entrantId = ?1 and inviteeId = ?2 and status = ?3", entrantId, inviteeId,
                InvitationStatus.PENDING) > 0;
    }

    static Invitation lock(Long id) {
        return getEntityManager().find(Invitation.class, id, LockModeType.PESSIMISTIC_WRITE);
    }
}
