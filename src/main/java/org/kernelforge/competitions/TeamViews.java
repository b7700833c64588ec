package org.kernelforge.competitions;

import java.time.Instant;
import java.util.List;

/** What the teams API answers. */
public final class TeamViews {

    private TeamViews() {
    }

    /** A team; {@code members} are usernames in the order they joined, the leader first among equals. */
    public record TeamView(long id, String name, String leader, List<String> members, long submissionCount) {
    }

    /** A team as the leaderboard and the submissions show it. */
    public record TeamRef(String name, List<String> members) {
    }

    /**
     * An invitation: {@code team} is the inviting team's name, {@code from} the leader who sent it, {@code to} the
     * invitee; {@code merge} tells whether accepting it moves the invitee's own team (not just the invitee) in.
     */
    public record InvitationView(long id, String competition, String team, String from, String to,
                                 InvitationStatus status, boolean merge, Instant createdAt) {
    }

    public record InviteRequest(String username) {
    }

    public record TeamPatch(String name) {
    }
}
