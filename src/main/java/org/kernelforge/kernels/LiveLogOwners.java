package org.kernelforge.kernels;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.identity.Accounts;
import org.kernelforge.identity.LocalIdentityProviders;
import org.kernelforge.identity.Role;
import org.kernelforge.platform.Replicas;
import org.kernelforge.platform.VersionNumbers;

import java.nio.file.Files;
import java.util.Optional;

/**
 * Which replica can serve the live log of a running version: the one running it ({@code claimed_by}), when its log
 * file cannot be read here (replicas on other hosts, without a shared data dir). Asked for a caller who may see the
 * kernel; for anyone else the answer is empty, and this replica's 404 stands.
 */
@ApplicationScoped
public class LiveLogOwners {

    private record Running(long versionId, String replica) {
    }

    private final Accounts accounts;
    private final Replicas replicas;
    private final LogBook book;

    LiveLogOwners(Accounts accounts, Replicas replicas, LogBook book) {
        this.accounts = accounts;
        this.replicas = replicas;
        this.book = book;
    }

    /** The replica to ask for the log of version {@code n} (a number or {@code latest}) of "owner/slug", if another. */
    public Optional<String> replicaFor(String owner, String slug, String n, SecurityIdentity caller) {
        Optional<Running> running = QuarkusTransaction.requiringNew().call(() -> accounts.byUsername(owner)
                .flatMap(account -> Kernel.findByRef(account.id(), slug))
                .filter(kernel -> !kernel.isPrivate || mayAct(caller, kernel.ownerId))
                .flatMap(kernel -> KernelVersion.byNumber(kernel, VersionNumbers.resolve(n, kernel.currentVersion)))
                .filter(v -> v.state() == VersionStatus.RUNNING && v.claimedBy != null && !v.claimedBy.equals(replicas.self()))
                .map(v -> new Running(v.id, v.claimedBy)));
        return running.filter(r -> !Files.exists(book.readableFile(r.versionId()))).map(Running::replica);
    }

    private static boolean mayAct(SecurityIdentity caller, long ownerId) {
        if (caller.isAnonymous()) {
            return false;
        }
        Long id = caller.getAttribute(LocalIdentityProviders.USER_ID);
        return (id != null && id == ownerId) || caller.hasRole(Role.ADMIN.id());
    }
}
