package org.kernelforge.competitions;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.kernelforge.datasets.IncomingFile;
import org.kernelforge.datasets.UploadForm;
import org.kernelforge.identity.Account;
import org.kernelforge.identity.CurrentUser;
import org.kernelforge.kernels.KernelOutputs;
import org.kernelforge.kernels.KernelOutputs.CompletedVersion;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.storage.BlobStore;
import org.kernelforge.storage.StoredFile;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Takes submissions: checks who may submit and when, stores the file, and counts it against the daily
 * limit under a lock on the entrant, so concurrent submissions cannot get past the limit together.
 */
@ApplicationScoped
public class SubmissionService {

    private final CurrentUser current;
    private final CompetitionQueries queries;
    private final CompetitionsConfig config;
    private final BlobStore blobs;
    private final Clock clock;
    private final KernelOutputs kernelOutputs;
    private final CodeSubmissions code;

    SubmissionService(CurrentUser current, CompetitionQueries queries, CompetitionsConfig config, BlobStore blobs,
                      Clock clock, KernelOutputs kernelOutputs, CodeSubmissions code) {
        this.code = code;
        this.kernelOutputs = kernelOutputs;
        this.current = current;
        this.queries = queries;
        this.config = config;
        this.blobs = blobs;
        this.clock = clock;
    }

    /**
     * The checks of {@link #submitUpload} that need no file, made before the file part arrives so that a refused
     * submission stores nothing; they are made again when it is recorded.
     */
    public void checkCanSubmit(String slug) {
        Competition c = queries.find(slug);
        Account me = current.require();
        CodeSubmissions.refuseFile(c);
        checkOpen(c, me);
        checkLimit(c, me);
    }

    /** Stores a submitted file while it arrives; one larger than submissions may be is refused, and not stored. */
    public IncomingFile receiveFile(String name, InputStream bytes) {
        return new IncomingFile(name, null, blobs.store(new SizeCapped(bytes, name), -1));
    }

    /** A CSV sent as the multipart part 'file' (stored by {@link #receiveFile}), with an optional 'description'. */
    public Submission submitUpload(String slug, UploadForm form) {
        Competition c = queries.find(slug);
        Account me = current.require();
        CodeSubmissions.refuseFile(c);
        checkOpen(c, me);
        if (form.files().size() != 1) {
            throw ProblemException.badRequest("file", "Send exactly one 'file' part with your predictions (CSV)");
        }
        IncomingFile file = form.files().get(0);
        BlobStore.Blob blob = file.stored();
        checkSize(blob.size(), file.name());
        String description = form.single("description").orElse(null);
        checkLimit(c, me);
        return record(c, me, fileName(file.name()), blob, description, null, null);
    }

    /** A file already in the blob store (a raw upload by token), under the name it was uploaded with. */
    public Submission submitStored(String slug, String name, BlobStore.Blob blob, String description) {
        Competition c = queries.find(slug);
        Account me = current.require();
        CodeSubmissions.refuseFile(c);
        checkOpen(c, me);
        checkSize(blob.size(), name);
        checkLimit(c, me);
        return record(c, me, fileName(name), blob, description, null, null);
    }

    /** An output file of one of the caller's complete kernel versions; its bytes are already stored. */
    public Submission submitKernelOutput(String slug, KernelSubmission request) {
        Competition c = queries.find(slug);
        Account me = current.require();
        checkOpen(c, me);
        if (c.isCode()) {
            CodeSubmissions.Version version = code.readableVersion(c, request);
            checkLimit(c, me);
            Submission s = record(c, me, c.submissionFile, new BlobStore.Blob(CodeReruns.NO_FILE_YET, 0),
                    request.description(), version.kernelRef(), version.id());
            code.rerun(s.id);
            return s;
        }
        if (request == null || request.kernel() == null || request.version() == null || request.file() == null) {
            throw ProblemException.badRequest("kernel", "Send {\"kernel\": \"owner/slug\", \"version\": N, "
                    + "\"file\": \"submission.csv\", \"description\": ...}");
        }
        String kernel = kernelOutputs.ownKernel(me.id(), request.kernel()).orElseThrow(() -> ProblemException.badRequest(
                "kernel", "You have no kernel '" + request.kernel() + "'; submit from one of your own kernels, as \"owner/slug\""));
        CompletedVersion version = kernelOutputs.completed(kernel, request.version())
                .orElseThrow(() -> ProblemException.badRequest("version", "Version " + request.version() + " of '"
                        + kernel + "' does not exist or did not complete; submit from a version that ran to completion"));
        StoredFile output = kernelOutputs.outputFile(version.id(), request.file().strip())
                .orElseThrow(() -> ProblemException.badRequest("file", "Version " + version.number() + " of '"
                        + kernel + "' has no output file '" + request.file() + "'"));
        checkSize(output.size(), output.path());
        checkLimit(c, me);
        return record(c, me, fileName(output.path()), new BlobStore.Blob(output.sha256(), output.size()),
                request.description(), kernel, version.id());
    }

    private Submission record(Competition c, Account me, String fileName, BlobStore.Blob blob, String description,
                              String kernelRef, Long kernelVersionId) {
        String text = description == null ? null : description.strip();
        if (text != null && text.length() > 1000) {
            throw ProblemException.badRequest("description", "The description is longer than 1000 characters");
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            Entrant entrant = Entrant.lockOf(c.id, me.id()).orElseThrow();
            Competition now = Competition.findById(c.id);
            checkOpen(now, me);
            checkLimit(now, entrant);
            if (now.isCode()) {
                CodeSubmissions.refuseResubmission(entrant.id, kernelVersionId);
            }
            Submission s = new Submission();
            s.competitionId = c.id;
            s.entrantId = entrant.id;
            s.submittedBy = me.id();
            s.fileName = fileName;
            s.sha256 = blob.sha256();
            s.size = blob.size();
            s.description = text == null || text.isEmpty() ? null : text;
            s.kernelRef = kernelRef;
            s.kernelVersionId = kernelVersionId;
            s.createdAt = clock.instant();
            s.result = now.isCode() ? CodeReruns.QUEUED : ScoreResult.PENDING;
            if (!now.isCode()) {
                s.scoringQueuedAt = Instant.now(); // queued with the row: no replica stopping now loses it
            }
            s.persist();
            if (now.isCode()) {
                CodeRerun.create(s);
            }
            return s;
        });
    }

    private void checkOpen(Competition c, Account me) {
        Instant now = clock.instant();
        List<String> missing = CompetitionSetup.missing(c);
        if (!missing.isEmpty() && !c.hasEnded(now)) {
            throw ProblemException.conflict(null, "The competition '" + c.slug + "' is not open for submissions yet: "
                    + "its organizers have not uploaded " + String.join(" and ", missing) + ", so it cannot score them");
        }
        if (!c.hasStarted(now)) {
            throw ProblemException.conflict(null, "The competition '" + c.slug + "' opens at " + c.startTime
                    + "; submissions are accepted from then on");
        }
        if (c.hasEnded(now)) {
            throw ProblemException.conflict(null, "The competition '" + c.slug + "' ended at " + c.endTime
                    + "; it accepts no more submissions");
        }
        if (Entrant.of(c.id, me.id()).isEmpty()) {
            throw ProblemException.forbidden("Join the competition first by accepting its rules: POST /api/competitions/"
                    + c.slug + "/join");
        }
    }

    private void checkSize(long size, String name) {
        long max = config.maxSubmissionSize().asLongValue();
        if (size > max) {
            throw tooLarge(size, name, max);
        }
    }

    private static ProblemException tooLarge(long size, String name, long max) {
        return ProblemException.tooLarge("file", "'" + name + "' is " + size + " bytes; submissions may be at most "
                + max + " bytes");
    }

    /** A file's bytes that stop with a 413 once past the largest submission, telling the file's whole size. */
    private final class SizeCapped extends FilterInputStream {
        private final String name;
        private final long max = config.maxSubmissionSize().asLongValue();
        private long read;

        SizeCapped(InputStream in, String name) {
            super(in);
            this.name = name;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0 && (read += n) > max) {
                throw tooLarge(read + in.transferTo(OutputStream.nullOutputStream()), name, max);
            }
            return n;
        }
    }

    private void checkLimit(Competition c, Account me) {
        Entrant.of(c.id, me.id()).ifPresent(e -> checkLimit(c, e));
    }

    private void checkLimit(Competition c, Entrant entrant) {
        Instant now = clock.instant();
        Instant dayStart = now.truncatedTo(ChronoUnit.DAYS); // midnight UTC
        long used = Submission.countedSince(entrant.id, dayStart);
        if (used >= c.dailySubmissionLimit) {
            Instant resets = dayStart.plus(Duration.ofDays(1));
            throw ProblemException.tooManyRequests(null, "You have used all " + c.dailySubmissionLimit
                    + " submissions of today (UTC) in '" + c.slug + "'; the limit resets at " + resets
                    + ". Submissions that fail to score do not count.",
                    Duration.between(now, resets).toSeconds());
        }
    }

    private static String fileName(String name) {
        String base = name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).strip();
        if (base.isEmpty()) {
            base = "submission.csv";
        }
        return base.length() > 255 ? base.substring(base.length() - 255) : base;
    }
}
