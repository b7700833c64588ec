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
import org.kernelforge.competitions.TeamViews.InvitationView;
import org.kernelforge.identity.CurrentUser;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.platform.UniqueViolations;
import org.kernelforge.web.Csrf;

import java.net.URI;
import java.util.List;

/** My invitations: every team invitation the caller received, with accept and decline for pending ones. */
@Path("/invitations")
@Produces(MediaType.TEXT_HTML)
public class InvitationsPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance invitations(List<InvitationView> invitations, Long errorRow, String error);
    }

    private final Invitations invitations;
    private final CurrentUser current;
    private final Csrf csrf;
    private final HttpServerRequest request;

    public InvitationsPage(Invitations invitations, CurrentUser current, Csrf csrf, HttpServerRequest request) {
        this.invitations = invitations;
        this.current = current;
        this.csrf = csrf;
        this.request = request;
    }

    @GET
    public TemplateInstance list() {
        current.require();
        return Templates.invitations(invitations.mine(), null, null);
    }

    /** Accepting leads to the team the caller is now on. */
    @POST
    @Path("/{id}/accept")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response accept(@PathParam("id") long id, @RestForm(Csrf.FIELD) String token) {
        csrf.verify(request, token);
        current.require();
        try {
            UniqueViolations.retried(() -> invitations.accept(id));
            return Response.seeOther(URI.create("/competitions/" + invitations.one(id).competition() + "/team?notice=joined"))
                    .build();
        } catch (ProblemException e) {
            if (e.status() == 404) {
                throw e;
            }
            return Response.status(e.status()).entity(Templates.invitations(invitations.mine(), id, e.getMessage())).build();
        }
    }

    @POST
    @Path("/{id}/decline")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response decline(@PathParam("id") long id, @RestForm(Csrf.FIELD) String token) {
        csrf.verify(request, token);
        current.require();
        try {
            invitations.decline(id);
            return Response.seeOther(URI.create("/invitations")).build();
        } catch (ProblemException e) {
            if (e.status() == 404) {
                throw e;
            }
            return Response.status(e.status()).entity(Templates.invitations(invitations.mine(), id, e.getMessage())).build();
        }
    }
}
