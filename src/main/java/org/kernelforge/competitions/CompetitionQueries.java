package org.kernelforge.competitions;

import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.identity.Account;
import org.kernelforge.identity.CurrentUser;
import org.kernelforge.platform.ProblemException;

/** Finds competitions for the caller: every competition is public; organizing one is not. */
@ApplicationScoped
public class CompetitionQueries {

    private final CurrentUser current;

    CompetitionQueries(CurrentUser current) {
        this.current = current;
    }

    public Competition find(String slug) {
        return Competition.findBySlug(slug).orElseThrow(() -> ProblemException.notFound("There is no competition '"
                + slug + "'"));
    }

    /** A competition the caller organizes (or any, for admins): 401 anonymous, 403 for competitors. */
    Competition organized(String slug) {
        Competition c = find(slug);
        Account me = current.require();
        if (!c.isOrganizedBy(me)) {
            throw ProblemException.forbidden("Only the organizers of '" + slug + "' (or an administrator) can do this");
        }
        return c;
    }

    /** Organizer-only things (the solution) answer 404 to everyone else, as if they did not exist. */
    Competition organizedOrNotFound(String slug, String what) {
        Competition c = find(slug);
        if (!c.isOrganizedBy(current.get().orElse(null))) {
            throw ProblemException.notFound("There is no " + what + " here that you can see");
        }
        return c;
    }

    boolean callerOrganizes(Competition c) {
        return c.isOrganizedBy(current.get().orElse(null));
    }
}
