package org.kernelforge.web;

import io.vertx.core.Context;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** What every page's layout needs to know: who is signed in, the form token, whether single sign-on is on. */
@Named("page")
@RequestScoped
public class PageContext {

    private final Visitor visitor;
    private final Csrf csrf;
    private final HttpServerRequest request;
    private final boolean singleSignOn;

    public PageContext(Visitor visitor, Csrf csrf, HttpServerRequest request,
                       @ConfigProperty(name = "quarkus.oidc.tenant-enabled") boolean singleSignOn) {
        this.visitor = visitor;
        this.csrf = csrf;
        this.request = request;
        this.singleSignOn = singleSignOn;
    }

    public boolean signedIn() {
        return username() != null;
    }

    /**
     * The signed-in user's name, or null. Pages for addresses that match no endpoint are rendered on the I/O
     * thread, where the identity may not be resolved (it may block): those show the layout as for a visitor.
     */
    public String username() {
        return Context.isOnEventLoopThread() ? null : visitor.username().orElse(null);
    }

    public String csrf() {
        return csrf.tokenFor(request);
    }

    public boolean sso() {
        return singleSignOn;
    }

    /** The current path, to come back to after signing in. */
    public String path() {
        return request.path();
    }
}
