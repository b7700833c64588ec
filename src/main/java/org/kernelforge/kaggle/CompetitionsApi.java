package org.kernelforge.kaggle;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.kernelforge.competitions.CompetitionReads;
import org.kernelforge.competitions.CompetitionViews;
import org.kernelforge.competitions.KernelSubmission;
import org.kernelforge.competitions.Leaderboards;
import org.kernelforge.competitions.ScoreFormat;
import org.kernelforge.competitions.SubmissionIntake;
import org.kernelforge.competitions.SubmissionReads;
import org.kernelforge.identity.Account;
import org.kernelforge.identity.CurrentUser;
import org.kernelforge.kaggle.CompetitionMessages.Board;
import org.kernelforge.kaggle.CompetitionMessages.BoardRow;
import org.kernelforge.kaggle.CompetitionMessages.Competition;
import org.kernelforge.kaggle.CompetitionMessages.CompetitionCall;
import org.kernelforge.kaggle.CompetitionMessages.CompetitionList;
import org.kernelforge.kaggle.CompetitionMessages.DataFile;
import org.kernelforge.kaggle.CompetitionMessages.DataFiles;
import org.kernelforge.kaggle.CompetitionMessages.ListCompetitions;
import org.kernelforge.kaggle.CompetitionMessages.Submission;
import org.kernelforge.kaggle.CompetitionMessages.Submissions;
import org.kernelforge.kaggle.CompetitionMessages.Submitted;
import org.kernelforge.kernels.KernelReads;
import org.kernelforge.kernels.VersionStatus;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.storage.BlobStore;
import org.kernelforge.uploads.BlobUploads;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import static org.kernelforge.kaggle.KernelsApi.blankToNull;

/** Kaggle's {@code competitions.CompetitionApiService}: list, data files, submit (file or kernel output), submissions, board. */
@Path("/api/v1/competitions.CompetitionApiService")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class CompetitionsApi {

    private final CurrentUser current;
    private final CompetitionReads competitions;
    private final SubmissionReads submissionReads;
    private final SubmissionIntake intake;
    private final Leaderboards leaderboards;
    private final BlobUploads uploads;
    private final KernelReads kernels;
    private final Archives archives;

    CompetitionsApi(CurrentUser current, CompetitionReads competitions, SubmissionReads submissionReads,
                    SubmissionIntake intake, Leaderboards leaderboards, BlobUploads uploads, KernelReads kernels,
                    Archives archives) {
        this.current = current;
        this.competitions = competitions;
        this.submissionReads = submissionReads;
        this.intake = intake;
        this.leaderboards = leaderboards;
        this.uploads = uploads;
        this.kernels = kernels;
        this.archives = archives;
    }

    @POST
    @Path("/ListCompetitions")
    public CompetitionList list(ListCompetitions request) {
        String search = request == null ? null : blankToNull(request.search());
        List<Competition> list = competitions.list().stream()
                .filter(c -> search == null || (c.slug() + " " + c.title()).toLowerCase(Locale.ROOT)
                        .contains(search.toLowerCase(Locale.ROOT)))
                .map(c -> new Competition(c.slug(), c.title(), c.url(), KaggleTime.of(c.endTime()), "Community",
                        "Knowledge", c.entrantCount(), c.joined(), c.metric(), KaggleTime.of(c.startTime())))
                .toList();
        return new CompetitionList(list, null);
    }

    @POST
    @Path("/ListDataFiles")
    public DataFiles files(CompetitionCall request) {
        String slug = slug(request);
        Paging paging = Paging.of(request.pageToken(), request.pageSize());
        List<CompetitionViews.DataFile> all = competitions.data(slug);
        List<DataFile> files = paging.page(all).stream()
                .map(f -> new DataFile(f.path(), f.path(), f.size(), f.url())).toList();
        return new DataFiles(files, paging.next(all.size()));
    }

    /** One data file: a relative redirect to the competition's own download (the client names it after the URL). */
    @POST
    @Path("/DownloadDataFile")
    public Response downloadFile(CompetitionCall request) {
        String slug = slug(request);
        String fileName = blankToNull(request.fileName());
        if (fileName == null) {
            throw ProblemException.badRequest("fileName", "Name the data file to download");
        }
        competitions.dataFile(slug, fileName);
        return Redirects.to("/api/competitions/" + slug + "/data/" + SignedUrls.encodedPath(fileName));
    }

    /** All data files as one zip; the URL ends in .zip because the client names the file after its extension. */
    @POST
    @Path("/DownloadDataFiles")
    public Response downloadAll(CompetitionCall request) {
        String slug = slug(request);
        competitions.data(slug);
        return Redirects.to(Archives.PATH + "/competitions/" + slug + "/" + slug + ".zip");
    }

    @POST
    @Path("/StartSubmissionUpload")
    public BlobUploads.Started startUpload(CompetitionCall request) {
        Account caller = current.require();
        return uploads.start(caller, request == null ? null : request.fileName(), request == null ? null : request.contentLength());
    }

    /** {@code blobFileTokens} is one token (a string, not a list) of a finished upload. */
    @POST
    @Path("/CreateSubmission")
    public Submitted submit(CompetitionCall request) {
        String slug = slug(request);
        Account caller = current.require();
        String token = blankToNull(request.blobFileTokens());
        if (token == null) {
            throw ProblemException.badRequest("blobFileTokens", "Upload the file first (StartSubmissionUpload) and send its token");
        }
        List<BlobUploads.Claimed> claimed = uploads.claim(caller, List.of(new BlobUploads.Ref(token, null)));
        CompetitionViews.SubmissionAccepted accepted;
        try {
            BlobUploads.Claimed file = claimed.get(0);
            if (file.sha256() == null) {
                throw ProblemException.badRequest("blobFileTokens", "'" + file.name() + "' is an archive; submit the CSV itself");
            }
            accepted = intake.storedFile(slug, file.name(), new BlobStore.Blob(file.sha256(), file.size()),
                    request.submissionDescription());
        } catch (RuntimeException | Error e) {
            uploads.release(claimed);
            throw e;
        }
        uploads.finish(claimed);
        return new Submitted("Successfully submitted to " + slug, accepted.id());
    }

    /** An output file of a version of one of the caller's kernels; without a version, its latest complete run. */
    @POST
    @Path("/CreateCodeSubmission")
    public Submitted submitFromKernel(CompetitionCall request) {
        String slug = slug(request);
        current.require();
        String owner = blankToNull(request.kernelOwner());
        String kernel = blankToNull(request.kernelSlug());
        if (owner == null || kernel == null) {
            throw ProblemException.badRequest("kernelSlug", "Name the kernel as owner/slug");
        }
        Integer version = request.kernelVersion() != null ? request.kernelVersion() : latestComplete(owner, kernel);
        CompetitionViews.SubmissionAccepted accepted = intake.kernelOutput(slug, new KernelSubmission(owner + "/" + kernel,
                version, blankToNull(request.fileName()) == null ? "submission.csv" : request.fileName(),
                request.submissionDescription()));
        return new Submitted("Successfully submitted to " + slug, accepted.id());
    }

    @POST
    @Path("/ListSubmissions")
    public Submissions submissions(CompetitionCall request) {
        String slug = slug(request);
        List<Submission> list = submissionReads.list(slug, false).stream()
                .map(s -> new Submission(s.id(), s.fileName(), KaggleTime.of(s.createdAt()), s.description(),
                        s.status().name(), score(s.publicScore()), score(s.privateScore()), s.error(), s.size(),
                        s.team(), s.submittedBy()))
                .toList();
        return new Submissions(list, null);
    }

    @POST
    @Path("/GetLeaderboard")
    public Board leaderboard(CompetitionCall request) {
        String slug = slug(request);
        List<BoardRow> rows = leaderboards.board(slug, Leaderboards.PUBLIC).entries().stream()
                .map(e -> new BoardRow(e.submissionId(), e.user(), KaggleTime.of(e.lastSubmittedAt()), ScoreFormat.shown(e.score())))
                .toList();
        return new Board(rows, null);
    }

    /** The public board as CSV in a zip archive, answered directly (the client saves the body as {@code <slug>.zip}). */
    @POST
    @Path("/DownloadLeaderboard")
    public Response downloadLeaderboard(CompetitionCall request) {
        String slug = slug(request);
        return archives.single(slug + "-publicleaderboard.csv", leaderboards.csv(slug, Leaderboards.PUBLIC), Instant.now());
    }

    private Integer latestComplete(String owner, String slug) {
        return kernels.detail(owner, slug).versions().stream()
                .filter(v -> v.status() == VersionStatus.COMPLETE && "run".equals(v.mode()))
                .map(v -> v.version()).findFirst()
                .orElseThrow(() -> ProblemException.badRequest("kernelVersion", "'" + owner + "/" + slug
                        + "' has no version that ran to completion; name one with -v"));
    }

    private static String score(Double score) {
        return score == null ? null : ScoreFormat.shown(score);
    }

    private static String slug(CompetitionCall request) {
        if (request == null || blankToNull(request.competitionName()) == null) {
            throw ProblemException.badRequest("competitionName", "Name the competition");
        }
        return request.competitionName().strip();
    }
}
