package org.kernelforge.identity;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import org.kernelforge.platform.ProblemException;

import java.util.Optional;

/** The platform user behind the current request, whichever way it authenticated. */
@RequestScoped
public class CurrentUser {

    private final SecurityIdentity identity;
    private Optional<User> user;

    public CurrentUser(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The signed-in user, if any. */
    public Optional<Account> get() {
        return user().map(Account::of);
    }

    /** The user, or 401 with a message that says how to authenticate. */
    public Account require() {
        return Account.of(requireUser());
    }

    public Account requireRole(Role role) {
        Account u = require();
        if (!u.has(role) && !u.isAdmin()) {
            throw ProblemException.forbidden("This needs the '" + role.id() + "' role; ask an administrator");
        }
        return u;
    }

    public boolean isAdmin() {
        return get().map(Account::isAdmin).orElse(false);
    }

    /** Whether the caller is this user or an admin: who may see and change a user's private things. */
    public boolean canAct(long ownerId) {
        return get().map(u -> u.id() == ownerId || u.isAdmin()).orElse(false);
    }

    /** The user's row, for identity's own changes to it. */
    Optional<User> user() {
        if (user == null) {
            Long id = identity.isAnonymous() ? null : identity.getAttribute(LocalIdentityProviders.USER_ID);
            user = id == null ? Optional.empty() : User.findByIdOptional(id);
        }
        return user;
    }

    User requireUser() {
        return user().orElseThrow(() -> ProblemException.unauthorized(
                "Sign in, or send an API key as HTTP Basic username:key (create one on your account page)"));
    }
}
