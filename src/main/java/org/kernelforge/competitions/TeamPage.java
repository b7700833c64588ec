package org.kernelforge.competitions;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.kernelforge.competitions.CompetitionViews.CompetitionDetail;
import org.kernelforge.competitions.TeamViews.InvitationView;
import org.kernelforge.competitions.TeamViews.TeamView;
import org.kernelforge.identity.CurrentUser;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.web.Csrf;
import org.kernelforge.web.FormErrors;

import java.net.URI;
import java.util.List;
import java.util.function.Supplier;

/** A competition's Team tab: the members, the leader's invite and rename forms, pending invitations, leaving. */
@Path("/competitions")
@Produces(MediaType.TEXT_HTML)
public class TeamPage {

    /** The caller's team (null before they join), whether they lead it, its pending invitations, and a notice. */
    public record TeamTab(TeamView team, boolean leader, List<InvitationView> sent, String notice, FormErrors errors) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance team(CompetitionDetail c, TeamTab tab);
    }

    private final CompetitionReads reads;
    private final Teams teams;
    private final CurrentUser current;
    private final Csrf csrf;
    private final HttpServerRequest request;

    public TeamPage(CompetitionReads reads, Teams teams, CurrentUser current, Csrf csrf, HttpServerRequest request) {
        this.reads = reads;
        this.teams = teams;
        this.current = current;
        this.csrf = csrf;
        this.request = request;
    }

    @GET
    @Path("/{slug}/team")
    public TemplateInstance team(@PathParam("slug") String slug, @RestQuery String notice) {
        return page(slug, notice, FormErrors.none());
    }

    @POST
    @Path("/{slug}/team/invitations")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response invite(@PathParam("slug") String slug, @RestForm String username, @RestForm(Csrf.FIELD) String token) {
        return act(slug, token, "username", () -> teams.invite(slug, username), "invited");
    }

    @POST
    @Path("/{slug}/team/name")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response rename(@PathParam("slug") String slug, @RestForm String name, @RestForm(Csrf.FIELD) String token) {
        return act(slug, token, "name", () -> teams.rename(slug, name), "renamed");
    }

    @POST
    @Path("/{slug}/team/leave")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response leave(@PathParam("slug") String slug, @RestForm(Csrf.FIELD) String token) {
        return act(slug, token, "leave", () -> teams.leave(slug), "left");
    }

    /** Does it and comes back to the tab; a refusal is shown beside the form it came from. */
    private Response act(String slug, String token, String form, Supplier<?> action, String notice) {
        csrf.verify(request, token);
        current.require();
        try {
            action.get();
            return Response.seeOther(URI.create("/competitions/" + slug + "/team?notice=" + notice)).build();
        } catch (ProblemException e) {
            if (e.status() == 404 && e.field() == null) {
                throw e;
            }
            return Response.status(e.status()).entity(page(slug, null, new FormErrors(form, e.getMessage()))).build();
        }
    }

    private TemplateInstance page(String slug, String notice, FormErrors errors) {
        current.require();
        CompetitionDetail c = reads.detail(slug);
        TeamView team = teams.mineOrNull(slug);
        boolean leader = team != null && current.require().username().equals(team.leader());
        List<InvitationView> sent = team == null ? List.of() : teams.sent(slug);
        return Templates.team(c, new TeamTab(team, leader, sent, notice, errors));
    }
}
