package org.kernelforge.identity;

import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import org.kernelforge.identity.AccountViews.SignInRequest;
import org.kernelforge.identity.AccountViews.SignUpRequest;
import org.kernelforge.identity.AccountViews.UserView;
import org.kernelforge.platform.ProblemException;

import java.net.URI;

/** Local accounts: sign-up, sign-in (session cookie), sign-out. */
@Path("/api/auth")
public class AuthResource {

    private final AccountService accounts;
    private final SessionService sessions;
    private final SessionCookies cookies;

    public AuthResource(AccountService accounts, SessionService sessions, SessionCookies cookies) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.cookies = cookies;
    }

    @POST
    @Path("/signup")
    public Response signUp(SignUpRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("username", "Send a JSON body {username, password, email}");
        }
        User user = accounts.signUp(request.username(), request.password(), request.email());
        String token = sessions.open(user);
        return Response.created(URI.create("/api/users/" + user.username))
                .type(MediaType.APPLICATION_JSON)
                .cookie(cookies.open(token))
                .entity(UserView.of(user)).build();
    }

    @POST
    @Path("/signin")
    public Response signIn(SignInRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("username", "Send a JSON body {username, password}");
        }
        String token = sessions.signIn(request.username(), request.password());
        User user = User.findByUsername(request.username()).orElseThrow();
        return Response.ok(UserView.of(user), MediaType.APPLICATION_JSON).cookie(cookies.open(token)).build();
    }

    @POST
    @Path("/signout")
    public Response signOut(@CookieParam(SessionService.COOKIE) String token) {
        sessions.signOut(token);
        NewCookie cleared = cookies.cleared();
        return Response.noContent().cookie(cleared).build();
    }
}
