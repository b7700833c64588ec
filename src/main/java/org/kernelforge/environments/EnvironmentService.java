package org.kernelforge.environments;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import org.kernelforge.identity.Account;
import org.kernelforge.identity.CurrentUser;
import org.kernelforge.platform.ProblemException;

import java.time.Instant;
import java.util.List;

/**
 * Changes to environments: new environments and new versions (builds). Admins change every environment; a
 * competition's organizers create and build the environments of their competition. Everyone may read what exists.
 */
@ApplicationScoped
public class EnvironmentService {

    private final CurrentUser current;
    private final CompetitionOrganizers organizers;

    public EnvironmentService(CurrentUser current, CompetitionOrganizers organizers) {
        this.current = current;
        this.organizers = organizers;
    }

    /** {@code @Valid} here as on the resource: the page calls the service without going through the resource. */
    @Transactional
    public Environment create(@Valid EnvironmentRequests.Create request) {
        Long competitionId = competitionFor(request.competition());
        Recipe recipe = Recipe.of(request.packages(), "packages");
        if (Environment.byName(request.name()).isPresent()) {
            throw ProblemException.conflict("name", "There is already an environment named '" + request.name() + "'");
        }
        requireSome(recipe);
        Environment env = new Environment();
        env.name = request.name();
        env.language = request.language();
        env.description = request.description() == null ? "" : request.description().strip();
        env.recipe = recipe.text();
        env.competitionId = competitionId;
        env.createdAt = Instant.now();
        env.persistAndFlush();
        return env;
    }

    /** A new version in state building with the given recipe (or the current one); the caller queues its build. */
    @Transactional
    public EnvironmentVersion newVersion(String name, EnvironmentRequests.NewVersion request) {
        Account me = current.require();
        Environment env = Environment.lockByName(name)
                .orElseThrow(() -> ProblemException.notFound("There is no environment '" + name + "'"));
        requireBuilder(env, me);
        if (request != null && request.packages() != null) {
            Recipe recipe = Recipe.of(request.packages(), "packages");
            requireSome(recipe);
            env.recipe = recipe.text();
        }
        EnvironmentVersion v = new EnvironmentVersion();
        v.environment = env;
        v.number = EnvironmentVersion.newest(env).map(last -> last.number + 1).orElse(1);
        v.status = EnvironmentStatus.BUILDING;
        v.recipe = env.recipe;
        v.fromScratch = request != null && request.scratch();
        v.createdAt = Instant.now();
        v.persistAndFlush();
        return v;
    }

    /** 401 for visitors, 403 for those who may not build {@code name} (404 when there is none). */
    @Transactional
    public void requireBuilder(String name) {
        Account me = current.require();
        requireBuilder(EnvironmentReads.environment(name), me);
    }

    /** Whether the caller may build {@code name}: admins, and for a competition's environment its organizers. */
    @Transactional
    public boolean mayBuild(String name) {
        Account me = current.get().orElse(null);
        return me != null && mayBuild(EnvironmentReads.environment(name), me);
    }

    /** The competitions the caller may create environments for (all for admins): the choices of the new-environment form. */
    public List<CompetitionOrganizers.OrganizedCompetition> competitionsOfCaller() {
        return current.get().map(organizers::organizedBy).orElse(List.of());
    }

    /** Who sees the new-environment form: admins, and organizers of at least one competition. */
    public boolean mayCreate() {
        return current.isAdmin() || !competitionsOfCaller().isEmpty();
    }

    public boolean isAdmin() {
        return current.isAdmin();
    }

    private boolean mayBuild(Environment env, Account me) {
        return me.isAdmin() || env.competitionId != null && organizers.organizes(env.competitionId, me);
    }

    private void requireBuilder(Environment env, Account me) {
        if (!mayBuild(env, me)) {
            throw ProblemException.forbidden(env.competitionId == null
                    ? "Only administrators build the environment '" + env.name + "'"
                    : "Only the organizers of '" + env.competitionSlug + "' (or an administrator) build the environment '"
                    + env.name + "'");
        }
    }

    /** The competition a new environment belongs to: none (admins only) or one the caller organizes. */
    private Long competitionFor(String slug) {
        Account me = current.require();
        if (slug == null || slug.isBlank()) {
            if (!me.isAdmin()) {
                throw ProblemException.forbidden("Only administrators create site-wide environments; an organizer creates"
                        + " one for a competition (competition: its slug)");
            }
            return null;
        }
        CompetitionOrganizers.OrganizedCompetition competition = organizers.bySlug(slug.strip())
                .orElseThrow(() -> ProblemException.badRequest("competition", "There is no competition '" + slug.strip() + "'"));
        if (!organizers.organizes(competition.id(), me)) {
            throw ProblemException.forbidden("Only the organizers of '" + competition.slug()
                    + "' (or an administrator) create environments for it");
        }
        return competition.id();
    }

    private static void requireSome(Recipe recipe) {
        if (recipe.packages().isEmpty()) {
            throw ProblemException.badRequest("packages", "packages must name at least one Debian package");
        }
    }
}
