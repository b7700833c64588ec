package org.kernelforge.competitions;

import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.kernels.KernelVersionLookup;
import org.kernelforge.platform.ProblemException;

/**
 * The rules of a code competition's submissions: a kernel version the submitter can read (else 404, as for any
 * kernel they cannot see), each kernel version once per entrant, and no files. They count against the daily limit
 * as file submissions do ({@link SubmissionService}); {@link CodeReruns} takes them on from there.
 */
@ApplicationScoped
class CodeSubmissions {

    record Version(String kernelRef, long id, int number) {
    }

    private final KernelVersionLookup versions;
    private final CodeReruns reruns;

    CodeSubmissions(KernelVersionLookup versions, CodeReruns reruns) {
        this.versions = versions;
        this.reruns = reruns;
    }

    /** The kernel version a code submission names, if the caller can read it. */
    Version readableVersion(Competition c, KernelSubmission request) {
        if (request == null || request.kernel() == null || request.kernel().isBlank()) {
            throw ProblemException.badRequest("kernel", "A code competition takes a kernel version: send {\"kernel\": "
                    + "\"owner/slug\", \"version\": N, \"description\": ...}");
        }
        if (request.version() == null) {
            throw ProblemException.badRequest("version", "Name the version of '" + request.kernel().strip()
                    + "' to rerun: \"version\": N");
        }
        if (request.file() != null && !request.file().strip().equals(c.submissionFile)) {
            // Kaggle's client names the file; it can only be the one the competition scores
            throw ProblemException.badRequest("file", "A code competition reruns your kernel version and scores the "
                    + "file it writes, " + c.submissionFile + "; leave 'file' out");
        }
        String[] ref = request.kernel().strip().split("/");
        if (ref.length != 2 || ref[0].isBlank() || ref[1].isBlank()) {
            throw ProblemException.badRequest("kernel", "'" + request.kernel() + "' is not a kernel: write it as \"owner/slug\"");
        }
        KernelVersionLookup.Found found = versions.visible(ref[0], ref[1], String.valueOf(request.version()));
        return new Version(ref[0] + "/" + found.kernelSlug(), found.id(), found.number());
    }

    void rerun(long submissionId) {
        reruns.start(submissionId);
    }

    static void refuseFile(Competition c) {
        if (c.isCode()) {
            throw ProblemException.badRequest("file", "'" + c.slug + "' is a code competition: submit a kernel version "
                    + "(POST JSON {\"kernel\": \"owner/slug\", \"version\": N}), not a file; it is rerun on the hidden data");
        }
    }

    /** Under the entrant's lock: each kernel version is submitted once. */
    static void refuseResubmission(long entrantId, Long kernelVersionId) {
        Submission earlier = Submission.find("entrantId = ?1 and kernelVersionId = ?2", entrantId, kernelVersionId)
                .firstResult();
        if (earlier != null) {
            throw ProblemException.conflict("version", "You already submitted this kernel version (submission "
                    + earlier.id + "); a version is rerun and scored once. Commit a new version to submit again");
        }
    }
}
