package org.kernelforge.environments;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.kernelforge.identity.CurrentUser;
import org.kernelforge.identity.Role;
import org.kernelforge.platform.ProblemException;

import java.time.Instant;

/** Admins' changes: new environments and new versions (builds). Everyone may read what exists. */
@ApplicationScoped
public class EnvironmentService {

    private final CurrentUser current;

    public EnvironmentService(CurrentUser current) {
        this.current = current;
    }

    @Transactional
    public Environment create(EnvironmentRequests.Create request) {
        current.requireRole(Role.ADMIN);
        Recipe recipe = Recipe.of(request.packages(), "packages");
        if (Environment.byName(request.name()).isPresent()) {
            throw ProblemException.conflict("name", "There is already an environment named '" + request.name() + "'");
        }
        Environment env = new Environment();
        env.name = request.name();
        env.language = request.language();
        env.description = request.description() == null ? "" : request.description().strip();
        env.recipe = recipe.text();
        env.createdAt = Instant.now();
        env.persistAndFlush();
        return env;
    }

    /** A new version in state building with the given recipe (or the current one); the caller queues its build. */
    @Transactional
    public EnvironmentVersion newVersion(String name, EnvironmentRequests.NewVersion request) {
        current.requireRole(Role.ADMIN);
        Environment env = Environment.lockByName(name)
                .orElseThrow(() -> ProblemException.notFound("There is no environment '" + name + "'"));
        if (request != null && request.packages() != null) {
            env.recipe = Recipe.of(request.packages(), "packages").text();
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
}
