package org.kernelforge.kernels;

import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.identity.CurrentUser;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.platform.VersionNumbers;

/**
 * Finds kernels and versions as the caller may see them. A private kernel of someone else answers
 * exactly like one that does not exist.
 */
@ApplicationScoped
public class KernelQueries {

    private final CurrentUser current;

    public KernelQueries(CurrentUser current) {
        this.current = current;
    }

    public Kernel visible(String owner, String slug) {
        return Kernel.findByRef(owner, slug)
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
