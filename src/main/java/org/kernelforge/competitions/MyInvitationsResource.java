package org.kernelforge.competitions;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.kernelforge.competitions.TeamViews.InvitationView;

import java.util.List;

/** The caller's team invitations, in every competition, newest first. */
@Path("/api/me/invitations")
public class MyInvitationsResource {

    private final Invitations invitations;

    MyInvitationsResource(Invitations invitations) {
        this.invitations = invitations;
    }

    @GET
    public List<InvitationView> mine() {
        return invitations.mine();
    }
}
