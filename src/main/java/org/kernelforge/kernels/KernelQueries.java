package org.kernelforge.kernels;

import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.identity.Account;
import org.kernelforge.identity.Accounts;
import org.kernelforge.identity.CurrentUser;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.platform.VersionNumbers;

import java.util.Optional;

/**
 * Finds kernels and versions as the caller may see them. A private kernel of someone else answers
 * exactly like one that does not exist.
 */
@ApplicationScoped
public class KernelQueries {

    private final CurrentUser current;
    private final Accounts accounts;

    public KernelQueries(CurrentUser current, Accounts accounts) {
        this.current = current;
        this.accounts = accounts;
    }

    /** The kernel "owner/slug", whoever may see it. */
    Optional<Kernel> byRef(String owner, String slug) {
        return ownerId(owner).flatMap(id -> Kernel.findByRef(id, slug));
    }

    /** The id of the user with this name: kernels are looked up by owner id and slug (one index). */
    Optional<Long> ownerId(String username) {
        return accounts.byUsername(username).map(Account::id);
    }

    public Kernel visible(String owner, String slug) {
        return byRef(owner, slug)
                .filter(k -> !k.isPrivate || current.canAct(k.ownerId))
                .orElseThrow(() -> ProblemException.notFound("There is no kernel '" + owner + "/" + slug + "' that you can see"));
    }

    /** A kernel the caller may change: 404 if they cannot see it, 403 if they are not its owner or an admin. */
    public Kernel writable(String owner, String slug) {
        Kernel kernel = visible(owner, slug);
        current.require();
        if (!current.canAct(kernel.ownerId)) {
            throw ProblemException.forbidden("Only " + kernel.ownerName + " (or an administrator) can change '" + kernel.ref() + "'");
        }
        return kernel;
    }

    /** Version {@code n} of the kernel, or its newest version for {@code latest}. */
    public KernelVersion version(Kernel kernel, String n) {
        return KernelVersion.byNumber(kernel, VersionNumbers.resolve(n, kernel.currentVersion)).orElseThrow(() -> ProblemException.notFound(
                "The kernel '" + kernel.ref() + "' has no version '" + n + "'; its versions are 1 to "
                        + kernel.currentVersion + " (or 'latest')"));
    }
}
