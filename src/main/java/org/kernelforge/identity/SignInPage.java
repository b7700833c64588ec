package org.kernelforge.identity;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.web.Csrf;
import org.kernelforge.web.FormErrors;

import java.net.URI;

/** Sign-up, sign-in and sign-out pages for local accounts; they call the same services as /api/auth. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class SignInPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance signin(String username, String next, FormErrors errors);

        static native TemplateInstance signup(String username, String email, FormErrors errors);
    }

    private final AccountService accounts;
    private final SessionService sessions;
    private final SessionCookies cookies;
    private final Csrf csrf;
    private final HttpServerRequest request;

    public SignInPage(AccountService accounts, SessionService sessions, SessionCookies cookies, Csrf csrf,
                      HttpServerRequest request) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.cookies = cookies;
        this.csrf = csrf;
        this.request = request;
    }

    @GET
    @Path("signin")
    public TemplateInstance signInForm(@RestQuery String next) {
        return Templates.signin("", safe(next), FormErrors.none());
    }

    @POST
    @Path("signin")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signIn(@RestForm String username, @RestForm String password, @RestForm String next,
                           @RestForm(Csrf.FIELD) String token) {
        csrf.verify(request, token);
        try {
            String session = sessions.signIn(username, password);
            return Response.seeOther(URI.create(safe(next))).cookie(cookies.open(session)).build();
        } catch (ProblemException e) {
            FormErrors errors = FormErrors.of(e, "password");
            return Response.status(e.status()).entity(Templates.signin(username, safe(next), errors)).build();
        }
    }

    @GET
    @Path("signup")
    public TemplateInstance signUpForm() {
        return Templates.signup("", "", FormErrors.none());
    }

    @POST
    @Path("signup")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signUp(@RestForm String username, @RestForm String password, @RestForm String email,
                           @RestForm(Csrf.FIELD) String token) {
        csrf.verify(request, token);
        try {
            User user = accounts.signUp(username, password, email);
            return Response.seeOther(URI.create("/")).cookie(cookies.open(sessions.open(user))).build();
        } catch (ProblemException e) {
            FormErrors errors = FormErrors.of(e, "_form");
            return Response.status(e.status()).entity(Templates.signup(username, email, errors)).build();
        }
    }

    @POST
    @Path("signout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signOut(@CookieParam(SessionService.COOKIE) String session, @RestForm(Csrf.FIELD) String token) {
        csrf.verify(request, token);
        sessions.signOut(session);
        return Response.seeOther(URI.create("/")).cookie(cookies.cleared()).build();
    }

    /** Only paths on this site: an open redirect would let other sites use the sign-in page. */
    private static String safe(String next) {
        return next != null && next.startsWith("/") && !next.startsWith("//") && !next.contains("\\") ? next : "/";
    }
}
