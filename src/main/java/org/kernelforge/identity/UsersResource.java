package org.kernelforge.identity;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.kernelforge.identity.AccountViews.RolesRequest;
import org.kernelforge.identity.AccountViews.UserView;
import org.kernelforge.platform.ProblemException;

import java.util.EnumSet;
import java.util.List;

/** Administration of accounts: admins grant and take away the organizer and admin roles. */
@Path("/api/users")
public class UsersResource {

    private final CurrentUser current;
    private final AccountService accounts;

    public UsersResource(CurrentUser current, AccountService accounts) {
        this.current = current;
        this.accounts = accounts;
    }

    @GET
    @Path("/{username}")
    public UserView get(@PathParam("username") String username) {
        current.requireRole(Role.ADMIN);
        return User.findByUsername(username).map(UserView::of)
                .orElseThrow(() -> ProblemException.notFound("No user named '" + username + "'"));
    }

    @PUT
    @Path("/{username}/roles")
    public UserView setRoles(@PathParam("username") String username, RolesRequest request) {
        current.requireRole(Role.ADMIN);
        List<String> ids = request == null || request.roles() == null ? List.of() : request.roles();
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        for (String id : ids) {
            roles.add(Role.parse(id).orElseThrow(() -> ProblemException.badRequest("roles",
                    "Unknown role '" + id + "'; the roles are user, organizer and admin")));
        }
        return UserView.of(accounts.setRoles(username, roles));
    }
}
