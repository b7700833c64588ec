package org.kernelforge.competitions;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.kernelforge.competitions.TeamViews.InvitationView;
import org.kernelforge.competitions.TeamViews.TeamView;
import org.kernelforge.identity.Account;
import org.kernelforge.identity.Accounts;
import org.kernelforge.identity.CurrentUser;
import org.kernelforge.platform.ProblemException;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A competitor's team: reading and renaming it, inviting users (leader only), leaving it. Every change of members
 * holds the team's row lock ({@link Entrant#lockOf}), the lock submissions are counted under too.
 */
@ApplicationScoped
public class Teams {

    private final CurrentUser current;
    private final CompetitionQueries queries;
    private final Accounts accounts;
    private final Clock clock;

    Teams(CurrentUser current, CompetitionQueries queries, Accounts accounts, Clock clock) {
        this.current = current;
        this.queries = queries;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** The caller's team; 404 when they have not joined. */
    @Transactional
    public TeamView mine(String slug) {
        Competition c = queries.find(slug);
        return view(Entrant.of(c.id, current.require().id()).orElseThrow(() -> notJoined(c)));
    }

    /** The caller's team, or null when they have not joined (for pages). */
    @Transactional
    public TeamView mineOrNull(String slug) {
        Competition c = queries.find(slug);
        return current.get().flatMap(me -> Entrant.of(c.id, me.id())).map(Teams::view).orElse(null);
    }

    /** Every team of the competition, largest first; for its organizers (404 to everyone else). */
    @Transactional
    public List<TeamView> all(String slug) {
        Competition c = queries.organizedOrNotFound(slug, "list of teams");
        Map<Long, List<String>> members = TeamMember.usernamesByTeam(c.id);
        return Entrant.<Entrant>list("competitionId = ?1 order by joinedAt, id", c.id).stream()
                .map(t -> new TeamView(t.id, t.name, t.leaderName, members.getOrDefault(t.id, List.of()),
                        Submission.count("entrantId", t.id)))
                .sorted((a, b) -> Integer.compare(b.members().size(), a.members().size()))
                .toList();
    }

    @Transactional
    public TeamView rename(String slug, String name) {
        Competition c = queries.find(slug);
        Account me = current.require();
        Entrant team = Entrant.lockOf(c.id, me.id()).orElseThrow(() -> notJoined(c));
        requireLeader(team, me, "rename it");
        String wanted = name == null ? "" : name.strip();
        if (wanted.isEmpty() || wanted.length() > 100) {
            throw ProblemException.badRequest("name", "A team name is 1 to 100 characters");
        }
        if (wanted.chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.badRequest("name", "A team name cannot contain control characters");
        }
        if (Entrant.count("competitionId = ?1 and lower(name) = ?2 and id <> ?3", c.id, wanted.toLowerCase(), team.id) > 0) {
            throw ProblemException.conflict("name", "Another team of '" + slug + "' is called '" + wanted + "'; choose another name");
        }
        team.name = wanted;
        return view(team);
    }

    /** A leader invites a user; inviting the leader of another team asks to merge with it. */
    @Transactional
    public InvitationView invite(String slug, String username) {
        Competition c = queries.find(slug);
        Account me = current.require();
        Entrant team = Entrant.lockOf(c.id, me.id()).orElseThrow(() -> notJoined(c));
        requireLeader(team, me, "invite");
        if (username == null || username.isBlank()) {
            throw ProblemException.badRequest("username", "Send {\"username\": \"...\"}: the user to invite");
        }
        Account invitee = accounts.byUsername(username.strip()).orElseThrow(() -> new ProblemException(404, "Not found",
                "There is no user '" + username.strip() + "'", "username"));
        Entrant theirs = Entrant.of(c.id, invitee.id()).orElse(null);
        if (theirs != null && theirs.id.equals(team.id)) {
            throw ProblemException.conflict("username", "'" + invitee.username() + "' is already on your team");
        }
        if (theirs != null && !theirs.isLedBy(invitee.id())) {
            throw alreadyOnATeam(invitee.username(), theirs);
        }
        if (Invitation.isPending(team.id, invitee.id())) {
            throw ProblemException.conflict("username", "'" + invitee.username() + "' already has a pending invitation "
                    + "to your team");
        }
        Instant now = clock.instant();
        if (theirs == null) {
            MergeRules.checkEntry(c, now);
        }
        MergeRules.check(c, team, theirs, now);
        Invitation i = new Invitation();
        i.competitionId = c.id;
        i.entrantId = team.id;
        i.inviteeId = invitee.id();
        i.invitedBy = me.id();
        i.status = InvitationStatus.PENDING;
        i.createdAt = now;
        i.persist();
        i.inviteeName = invitee.username();
        i.invitedByName = me.username();
        return view(i, c, team, theirs != null);
    }

    /** The invitations the caller's team sent that are still pending; for its members. */
    @Transactional
    public List<InvitationView> sent(String slug) {
        Competition c = queries.find(slug);
        Entrant team = Entrant.of(c.id, current.require().id()).orElseThrow(() -> notJoined(c));
        return Invitation.pendingOfTeam(team.id).stream()
                .map(i -> view(i, c, team, TeamMember.teamIdOf(c.id, i.inviteeId).isPresent()))
                .toList();
    }

    /**
     * A member leaves and becomes a one-person team again; a leader who leaves hands the team to the member who
     * joined first after them. Allowed until the merger deadline, and only while the team has no submissions.
     */
    @Transactional
    public TeamView leave(String slug) {
        Competition c = queries.find(slug);
        Account me = current.require();
        Entrant team = Entrant.lockOf(c.id, me.id()).orElseThrow(() -> notJoined(c));
        Instant now = clock.instant();
        if (now.isAfter(c.mergerDeadline())) {
            throw ProblemException.conflict("teamMergerDeadline", "The team merger deadline of '" + slug + "' was "
                    + c.mergerDeadline() + "; members can no longer leave their team");
        }
        if (Submission.count("entrantId", team.id) > 0) {
            throw ProblemException.conflict(null, "Team '" + team.name + "' has submissions; a member of a team with "
                    + "submissions cannot leave it");
        }
        List<TeamMember> members = TeamMember.ofTeam(team.id);
        if (members.size() == 1) {
            throw ProblemException.conflict(null, "You are the only member of team '" + team.name + "'; there is no "
                    + "team to leave");
        }
        TeamMember mine = members.stream().filter(m -> m.userId.equals(me.id())).findFirst().orElseThrow();
        if (team.isLedBy(me.id())) {
            team.leaderId = members.stream().filter(m -> m != mine).findFirst().orElseThrow().userId;
            // the new leader is written before the caller leads a team of their own (one team led per user)
            Entrant.flush();
        }
        Entrant solo = new Entrant();
        solo.competitionId = c.id;
        solo.leaderId = me.id();
        solo.name = me.username();
        solo.joinedAt = now;
        solo.persist();
        solo.leaderName = me.username();
        mine.entrantId = solo.id;
        mine.joinedAt = now;
        return view(solo);
    }

    static TeamView view(Entrant team) {
        List<String> members = TeamMember.ofTeam(team.id).stream().map(m -> m.username).toList();
        return new TeamView(team.id, team.name, team.leaderName, members, Submission.count("entrantId", team.id));
    }

    static InvitationView view(Invitation i, Competition c, Entrant team, boolean merge) {
        return new InvitationView(i.id, c.slug, team.name, i.invitedByName, i.inviteeName, i.status, merge, i.createdAt);
    }

    static ProblemException notJoined(Competition c) {
        return ProblemException.notFound("You have no team in '" + c.slug + "': join it first by accepting its rules "
                + "(POST /api/competitions/" + c.slug + "/join) or accept an invitation");
    }

    static ProblemException alreadyOnATeam(String username, Entrant theirs) {
        return ProblemException.conflict("username", "'" + username + "' is already on team '" + theirs.name
                + "', led by " + theirs.leaderName + "; a user is on one team per competition (invite its leader to "
                + "merge the teams)");
    }

    private static void requireLeader(Entrant team, Account me, String what) {
        if (!team.isLedBy(me.id())) {
            throw ProblemException.forbidden("Only the leader of team '" + team.name + "' (" + team.leaderName
                    + ") can " + what);
        }
    }
}
