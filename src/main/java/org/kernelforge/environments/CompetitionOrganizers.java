package org.kernelforge.environments;

import org.kernelforge.identity.Account;

import java.util.List;
import java.util.Optional;

/**
 * The competitions an environment can belong to and who organizes them. Environments sit below competitions, so the
 * competitions feature implements this; its organizers (and admins) build the competition's environments.
 */
public interface CompetitionOrganizers {

    record OrganizedCompetition(long id, String slug, String title) {
    }

    Optional<OrganizedCompetition> bySlug(String slug);

    Optional<OrganizedCompetition> byId(long id);

    /** Whether {@code user} organizes the competition; admins organize every competition. */
    boolean organizes(long competitionId, Account user);

    /** The competitions {@code user} organizes (all of them for admins), newest first. */
    List<OrganizedCompetition> organizedBy(Account user);
}
