package org.kernelforge.competitions;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.kernelforge.competitions.TeamViews.InvitationView;
import org.kernelforge.competitions.TeamViews.TeamView;
import org.kernelforge.identity.Account;
import org.kernelforge.identity.CurrentUser;
import org.kernelforge.platform.ProblemException;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The invitee's side of an invitation: list, accept, decline. Accepting joins the inviting team, or, for the leader
 * of a team, merges their whole team (members and submissions) into it. Both teams' rows are locked, in id order,
 * so that merges, accepts and submissions racing each other take turns and see each other's result.
 */
@ApplicationScoped
public class Invitations {

    private final CurrentUser current;
    private final Clock clock;

    Invitations(CurrentUser current, Clock clock) {
        this.current = current;
        this.clock = clock;
    }

    /** The caller's invitations, newest first, whatever their status. */
    @Transactional
    public List<InvitationView> mine() {
        Account me = current.require();
        return Invitation.ofInvitee(me.id()).stream().map(this::view).toList();
    }

    /** One invitation, for its invitee and the inviting team's members; 404 to everyone else. */
    @Transactional
    public InvitationView one(long id) {
        Account me = current.require();
        Invitation i = Invitation.<Invitation>findByIdOptional(id)
                .filter(x -> x.inviteeId.equals(me.id())
                        || TeamMember.teamIdOf(x.competitionId, me.id()).filter(x.entrantId::equals).isPresent())
                .orElseThrow(() -> notFound(id));
        return view(i);
    }

    /** Accepts; answers the caller's team as it now is. */
    @Transactional
    public TeamView accept(long id) {
        Account me = current.require();
        Invitation seen = Invitation.<Invitation>findByIdOptional(id).filter(x -> x.inviteeId.equals(me.id()))
                .orElseThrow(() -> notFound(id));
        Competition c = Competition.findById(seen.competitionId);
        Long invitingId = seen.entrantId;
        Invitation.getEntityManager().detach(seen);
        // teams first, then the invitation: a merge deletes the invitations its absorbed team sent
        Locked teams = lockBoth(invitingId, c.id, me.id());
        Invitation i = pendingOf(me, id);
        Entrant team = teams.inviting();
        if (team == null) {
            throw notFound(id);
        }
        Instant now = clock.instant();
        Entrant mine = teams.mine().orElse(null);
        if (mine != null && mine.id.equals(team.id)) {
            throw ProblemException.conflict(null, "You are already on team '" + team.name + "'");
        }
        if (mine != null && !mine.isLedBy(me.id())) {
            throw ProblemException.conflict(null, "You are on team '" + mine.name + "', led by " + mine.leaderName
                    + "; a user is on one team per competition: leave it first, or let its leader accept a merge");
        }
        if (mine == null) {
            MergeRules.checkEntry(c, now);
        }
        MergeRules.check(c, team, mine, now);
        if (mine == null) {
            TeamMember joined = TeamMember.of(team, me.id(), now);
            joined.persist();
            joined.username = me.username();
        } else {
            merge(mine, team);
        }
        i.status = InvitationStatus.ACCEPTED;
        i.answeredAt = now;
        Entrant.flush();
        return Teams.view(team);
    }

    @Transactional
    public InvitationView decline(long id) {
        Invitation i = pendingOf(current.require(), id);
        i.status = InvitationStatus.DECLINED;
        i.answeredAt = clock.instant();
        return view(i);
    }

    /**
     * Everything of {@code from} moves into {@code into}: its members and its submissions (which stop being final
     * selections: the receiving team selects among all of them). Then {@code from} is gone, with the invitations
     * it had sent.
     */
    private static void merge(Entrant from, Entrant into) {
        TeamMember.moveAll(from.id, into.id);
        Submission.update("entrantId = ?1, selected = false where entrantId = ?2", into.id, from.id);
        from.delete();
    }

    private record Locked(Entrant inviting, Optional<Entrant> mine) {
    }

    /** Locks the inviting team and the caller's team, lower id first; reads the caller's team again if it moved. */
    private static Locked lockBoth(Long invitingId, Long competitionId, Long userId) {
        while (true) {
            Optional<Long> mineId = TeamMember.teamIdOf(competitionId, userId);
            if (mineId.isEmpty() || mineId.get().equals(invitingId)) {
                return new Locked(Entrant.lock(invitingId), mineId.map(Entrant::lock));
            }
            long first = Math.min(invitingId, mineId.get());
            long second = Math.max(invitingId, mineId.get());
            Entrant a = Entrant.lock(first);
            Entrant b = Entrant.lock(second);
            if (TeamMember.teamIdOf(competitionId, userId).equals(mineId)) {
                Entrant mine = first == mineId.get() ? a : b;
                Entrant inviting = first == invitingId ? a : b;
                return new Locked(inviting, Optional.ofNullable(mine));
            }
        }
    }

    /** The caller's invitation, locked, still waiting for an answer. */
    private static Invitation pendingOf(Account me, long id) {
        Invitation i = Invitation.lock(id);
        if (i == null || !i.inviteeId.equals(me.id())) {
            throw notFound(id);
        }
        if (i.status != InvitationStatus.PENDING) {
            throw ProblemException.conflict(null, "You have already " + i.status.id() + " invitation " + id);
        }
        return i;
    }

    private InvitationView view(Invitation i) {
        Competition c = Competition.findById(i.competitionId);
        Entrant team = Entrant.findById(i.entrantId);
        boolean merge = i.status == InvitationStatus.PENDING && TeamMember.teamIdOf(c.id, i.inviteeId).isPresent();
        return Teams.view(i, c, team, merge);
    }

    private static ProblemException notFound(long id) {
        return ProblemException.notFound("You have no invitation " + id);
    }
}
