package org.kernelforge.competitions;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.kernelforge.competitions.TeamViews.InvitationView;
import org.kernelforge.competitions.TeamViews.InviteRequest;
import org.kernelforge.competitions.TeamViews.TeamPatch;
import org.kernelforge.competitions.TeamViews.TeamView;
import org.kernelforge.platform.ProblemException;

import java.net.URI;
import java.util.List;

/** The caller's team in a competition: read, rename, invite, leave; and, for organizers, every team. */
@Path("/api/competitions/{slug}")
public class TeamResource {

    private final Teams teams;

    TeamResource(Teams teams) {
        this.teams = teams;
    }

    @GET
    @Path("/team")
    public TeamView mine(@PathParam("slug") String slug) {
        return teams.mine(slug);
    }

    /** Leader only: {@code {"name"}}. */
    @PATCH
    @Path("/team")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response rename(@PathParam("slug") String slug, TeamPatch patch) {
        if (patch == null) {
            throw ProblemException.badRequest("name", "Send {\"name\": \"...\"}: the team's new name");
        }
        teams.rename(slug, patch.name());
        return Response.noContent().build();
    }

    /** Leader only: {@code {"username"}}. Inviting the leader of another team asks to merge the two. */
    @POST
    @Path("/team/invitations")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response invite(@PathParam("slug") String slug, InviteRequest request) {
        InvitationView sent = teams.invite(slug, request == null ? null : request.username());
        return Response.created(URI.create("/api/invitations/" + sent.id())).entity(sent).build();
    }

    /** The team's invitations still waiting for an answer. */
    @GET
    @Path("/team/invitations")
    public List<InvitationView> sent(@PathParam("slug") String slug) {
        return teams.sent(slug);
    }

    /** Leaves the team (the caller is a one-person team again); answers that team. */
    @POST
    @Path("/team/leave")
    public TeamView leave(@PathParam("slug") String slug) {
        return teams.leave(slug);
    }

    /** Organizers only (404 to everyone else). */
    @GET
    @Path("/teams")
    public List<TeamView> all(@PathParam("slug") String slug) {
        return teams.all(slug);
    }
}
