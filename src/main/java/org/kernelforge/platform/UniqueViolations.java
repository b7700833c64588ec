package org.kernelforge.platform;

import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Two requests that create the same thing at the same moment both find it missing; the database's unique constraint
 * lets one insert win and fails the other. Where both requests can succeed (the first push to a new kernel, a draft,
 * joining a competition, a first sign-in), the loser runs its transaction again and finds the winner's row
 * ({@link #retried}); where only one can (a slug, a username), the loser gets the same 409 as a request that came
 * later ({@link #conflict}, and {@link #problem} for whatever is not handled where it happens). Never a 500.
 */
public final class UniqueViolations {

    private static final Logger LOG = Logger.getLogger(UniqueViolations.class);
    private static final String UNIQUE_VIOLATION = "23505";

    /** What already exists, by constraint (V*__*.sql); the field it is about, and what to do. */
    private static final Map<String, Problem> EXISTS = Map.of(
            "kernels_owner_slug_unique", conflict("slug", "A kernel with this slug was created at the same moment; "
                    + "push again to add a version to it, or choose another slug"),
            "kernel_versions_number_unique", conflict(null, "Another version of this kernel was saved at the same moment; push again"),
            "kernel_drafts_owner_slug_unique", conflict(null, "A draft of this kernel was saved at the same moment; save again"),
            "datasets_owner_slug_unique", conflict("id", "A dataset with this slug was created at the same moment; choose another slug"),
            "dataset_versions_number_unique", conflict(null, "Another version of this dataset was created at the same moment; upload again"),
            "competitions_slug_unique", conflict("slug", "A competition with this slug was created at the same moment; choose another"),
            "competition_entrants_unique", conflict(null, "You joined this competition at the same moment in another request"),
            "users_username_unique", conflict("username", "This username was taken at the same moment; choose another"),
            "users_oidc_subject_unique", conflict(null, "Your account was created at the same moment by another request; try again"));

    private UniqueViolations() {
    }

    /** The name of the unique constraint that failed {@code e} (lower case), when that is what failed it. */
    public static Optional<String> constraint(Throwable e) {
        boolean unique = false;
        String name = null;
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof ConstraintViolationException violation && violation.getConstraintName() != null) {
                name = violation.getConstraintName();
            }
            if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                unique = true;
            }
        }
        return unique ? Optional.of(name == null ? "" : name.toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    /**
     * Runs {@code transaction} (a {@code @Transactional} service method, called from outside any transaction) and,
     * when a unique constraint failed it because another request inserted the same row first, runs it once more in a
     * new transaction: then it finds that row and goes on from it.
     */
    public static <T> T retried(Supplier<T> transaction) {
        try {
            return transaction.get();
        } catch (RuntimeException e) {
            Optional<String> constraint = constraint(e);
            if (constraint.isEmpty()) {
                throw e;
            }
            LOG.debugf("unique constraint %s raced; running the transaction again", constraint.get());
            return transaction.get();
        }
    }

    /** Runs {@code insert}; a unique constraint failing in it becomes {@code taken} (the 409 a later request gets). */
    public static <T> T conflict(Supplier<T> insert, Supplier<ProblemException> taken) {
        try {
            return insert.get();
        } catch (RuntimeException e) {
            if (constraint(e).isPresent()) {
                throw taken.get();
            }
            throw e;
        }
    }

    /** The 409 for a unique constraint that failed {@code e} and was not handled where it happened. */
    static Optional<Problem> problem(Throwable e) {
        return constraint(e).map(name -> EXISTS.getOrDefault(name,
                conflict(null, "What this request creates was created at the same moment by another request; it exists now")));
    }

    private static Problem conflict(String field, String detail) {
        return Problem.of(409, "Conflict", detail, field);
    }
}
