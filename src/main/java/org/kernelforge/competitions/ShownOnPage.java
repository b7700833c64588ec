package org.kernelforge.competitions;

import org.kernelforge.platform.ProblemException;

import java.util.function.Supplier;

/**
 * A refusal by the competition's rules during a page's upload, answered with the page and the error beside its
 * field; a form that is malformed, expired or sent by someone signed out is answered as any other request.
 */
final class ShownOnPage extends RuntimeException {

    final ProblemException problem;

    ShownOnPage(ProblemException problem) {
        super(problem.getMessage(), problem, false, false);
        this.problem = problem;
    }

    /** The step's result; its refusal marked to be shown on the page. */
    static <T> T shownOnPage(Supplier<T> step) {
        try {
            return step.get();
        } catch (ProblemException e) {
            throw new ShownOnPage(e);
        }
    }
}
