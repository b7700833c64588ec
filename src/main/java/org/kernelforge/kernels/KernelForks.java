package org.kernelforge.kernels;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.kernelforge.identity.Account;
import org.kernelforge.identity.CurrentUser;
import org.kernelforge.kernels.KernelViews.ForkRequest;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.platform.UniqueViolations;

import java.time.Instant;

/** "Copy & Edit": a copy of a kernel owned by the caller that remembers the version it came from. */
@ApplicationScoped
public class KernelForks {

    private final CurrentUser current;
    private final KernelQueries queries;

    public KernelForks(CurrentUser current, KernelQueries queries) {
        this.current = current;
        this.queries = queries;
    }

    @Transactional
    public Kernel fork(String owner, String slug, ForkRequest request) {
        Account me = current.require();
        Kernel parent = queries.visible(owner, slug);
        KernelVersion from = queries.version(parent, "latest");
        String newSlug = request == null || request.slug() == null || request.slug().isBlank() ? parent.slug : request.slug().strip();
        if (!KernelCommits.SLUG.matcher(newSlug).matches()) {
            throw ProblemException.badRequest("slug", "The kernel slug '" + newSlug
                    + "' must be 5 to 50 characters: lower-case letters, digits and '-'");
        }
        if (Kernel.findByRef(me.id(), newSlug).isPresent()) {
            throw taken(me, newSlug);
        }
        Kernel copy = new Kernel();
        copy.ownerId = me.id();
        copy.ownerName = me.username();
        copy.slug = newSlug;
        copy.title = request != null && request.title() != null && !request.title().isBlank() ? request.title().strip() : parent.title;
        copy.kernelType = from.kernelType;
        copy.language = from.language;
        copy.isPrivate = true;
        copy.enableGpu = parent.enableGpu;
        copy.enableInternet = parent.enableInternet;
        // the fork keeps the environment version of the version it was made from
        copy.dockerImage = parent.dockerImage;
        copy.pinningType = parent.pinningType;
        copy.environmentName = from.environmentName != null ? from.environmentName : parent.environmentName;
        copy.environmentVersion = from.environmentName != null ? from.environmentVersion : parent.environmentVersion;
        copy.sessionTimeoutSeconds = parent.sessionTimeoutSeconds;
        copy.datasetSources = parent.datasetSources;
        copy.competitionSources = parent.competitionSources;
        copy.kernelSources = parent.kernelSources;
        copy.sourceSha256 = from.sourceSha256;
        copy.currentVersion = 0;
        copy.forkedFromVersionId = from.id;
        copy.createdAt = Instant.now();
        copy.updatedAt = copy.createdAt;
        return UniqueViolations.conflict(() -> {
            copy.persist();
            return copy;
        }, () -> taken(me, newSlug));
    }

    private static ProblemException taken(Account me, String slug) {
        return ProblemException.conflict("slug", "You already have a kernel '" + me.username() + "/" + slug
                + "'; choose another slug for the copy");
    }
}
