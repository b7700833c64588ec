package org.kernelforge.competitions;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.kernelforge.competitions.TeamViews.InvitationView;
import org.kernelforge.competitions.TeamViews.TeamView;
import org.kernelforge.platform.UniqueViolations;

/** Answering an invitation; another user's invitation is 404. The caller's list is {@link MyInvitationsResource}. */
@Path("/api/invitations/{id}")
public class InvitationResource {

    private final Invitations invitations;

    InvitationResource(Invitations invitations) {
        this.invitations = invitations;
    }

    @GET
    public InvitationView one(@PathParam("id") long id) {
        return invitations.one(id);
    }

    /** Answers the team the caller is now on. */
    @POST
    @Path("/accept")
    public TeamView accept(@PathParam("id") long id) {
        return UniqueViolations.retried(() -> invitations.accept(id));
    }

    @POST
    @Path("/decline")
    public InvitationView decline(@PathParam("id") long id) {
        return invitations.decline(id);
    }
}
