package org.kernelforge.competitions;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.kernelforge.environments.CompetitionOrganizers;
import org.kernelforge.identity.Account;

import java.util.List;
import java.util.Optional;

/** Who may build a competition's environments: its organizers and admins, as for its other organizer-only things. */
@ApplicationScoped
public class CompetitionEnvironmentOrganizers implements CompetitionOrganizers {

    @Override
    @Transactional
    public Optional<OrganizedCompetition> bySlug(String slug) {
        return Competition.findBySlug(slug).map(CompetitionEnvironmentOrganizers::view);
    }

    @Override
    @Transactional
    public Optional<OrganizedCompetition> byId(long id) {
        return Competition.<Competition>findByIdOptional(id).map(CompetitionEnvironmentOrganizers::view);
    }

    @Override
    @Transactional
    public boolean organizes(long competitionId, Account user) {
        return Competition.<Competition>findByIdOptional(competitionId).map(c -> c.isOrganizedBy(user)).orElse(false);
    }

    @Override
    @Transactional
    public List<OrganizedCompetition> organizedBy(Account user) {
        if (user == null) {
            return List.of();
        }
        List<Competition> found = user.isAdmin() ? Competition.list("order by createdAt desc")
                : Competition.list("organizerId = ?1 order by createdAt desc", user.id());
        return found.stream().map(CompetitionEnvironmentOrganizers::view).toList();
    }

    private static OrganizedCompetition view(Competition c) {
        return new OrganizedCompetition(c.id, c.slug, c.title);
    }
}
