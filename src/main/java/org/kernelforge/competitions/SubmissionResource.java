package org.kernelforge.competitions;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.kernelforge.competitions.CompetitionViews.Leaderboard;
import org.kernelforge.competitions.CompetitionViews.SelectRequest;
import org.kernelforge.competitions.CompetitionViews.SubmissionAccepted;
import org.kernelforge.competitions.CompetitionViews.SubmissionView;
import org.kernelforge.datasets.StreamedUploads;
import org.kernelforge.datasets.UploadForm;
import org.kernelforge.storage.FileResponses;

import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Set;

/** Submissions to a competition, final selection, and the leaderboards. */
@Path("/api/competitions/{slug}")
public class SubmissionResource {

    private final SubmissionService submissions;
    private final SubmissionReads reads;
    private final Leaderboards leaderboards;
    private final ScoringQueue scoring;
    private final FileResponses files;
    private final StreamedUploads uploads;

    SubmissionResource(SubmissionService submissions, SubmissionReads reads, Leaderboards leaderboards,
                       ScoringQueue scoring, FileResponses files, StreamedUploads uploads) {
        this.uploads = uploads;
        this.submissions = submissions;
        this.reads = reads;
        this.leaderboards = leaderboards;
        this.scoring = scoring;
        this.files = files;
    }

    /** Parts: 'file' (the predictions) and 'description'; the file is stored while it arrives. */
    @POST
    @Path("/submissions")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RequestBody(content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA,
            schema = @Schema(type = SchemaType.OBJECT, description = "Parts 'file' and 'description'")))
    public Response upload(@PathParam("slug") String slug, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                           InputStream body) {
        UploadForm form = uploads.read(contentType, body, Set.of("description"),
                early -> submissions.checkCanSubmit(slug), submissions::receiveFile);
        return accepted(slug, submissions.submitUpload(slug, form));
    }

    @POST
    @Path("/submissions")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response fromKernel(@PathParam("slug") String slug, KernelSubmission request) {
        return accepted(slug, submissions.submitKernelOutput(slug, request));
    }

    /** The caller's submissions; organizers may ask for everyone's with {@code all=true}. */
    @GET
    @Path("/submissions")
    public List<SubmissionView> list(@PathParam("slug") String slug, @QueryParam("all") boolean all) {
        return reads.list(slug, all);
    }

    @GET
    @Path("/submissions/{id}")
    public SubmissionReads.Detail one(@PathParam("slug") String slug, @PathParam("id") long id) {
        return reads.one(slug, id);
    }

    @GET
    @Path("/submissions/{id}/file")
    public Response file(@PathParam("slug") String slug, @PathParam("id") long id, @HeaderParam("Range") String range,
                         @HeaderParam("If-None-Match") String ifNoneMatch, @HeaderParam("If-Range") String ifRange) {
        return files.file(reads.file(slug, id), reads.submittedAt(slug, id), range, ifNoneMatch, ifRange);
    }

    @PUT
    @Path("/submissions/{id}/selected")
    @Consumes(MediaType.APPLICATION_JSON)
    public SubmissionView select(@PathParam("slug") String slug, @PathParam("id") long id, SelectRequest request) {
        return reads.select(slug, id, request == null ? null : request.selected());
    }

    @GET
    @Path("/leaderboard")
    @Produces(MediaType.APPLICATION_JSON)
    public Leaderboard leaderboard(@PathParam("slug") String slug, @QueryParam("board") String board) {
        return leaderboards.board(slug, board);
    }

    @GET
    @Path("/leaderboard.csv")
    @Produces("text/csv")
    public Response leaderboardCsv(@PathParam("slug") String slug, @QueryParam("board") String board) {
        String which = board == null || board.isBlank() ? Leaderboards.PUBLIC : board.strip();
        return Response.ok(leaderboards.csv(slug, which))
                .header("Content-Disposition", "attachment; filename=\"" + slug + "-" + which + "-leaderboard.csv\"")
                .build();
    }

    private Response accepted(String slug, Submission s) {
        scoring.enqueue(s.id);
        return Response.accepted(new SubmissionAccepted(s.id, s.result.status()))
                .location(URI.create("/api/competitions/" + slug + "/submissions/" + s.id)).build();
    }
}
