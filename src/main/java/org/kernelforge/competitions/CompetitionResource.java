package org.kernelforge.competitions;

import jakarta.validation.Valid;
import jakarta.validation.groups.ConvertGroup;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.kernelforge.competitions.CompetitionViews.CompetitionDetail;
import org.kernelforge.competitions.CompetitionViews.CompetitionSummary;
import org.kernelforge.competitions.CompetitionViews.DataFile;
import org.kernelforge.competitions.CompetitionViews.JoinResponse;
import org.kernelforge.competitions.CompetitionViews.RescoreAccepted;
import org.kernelforge.platform.UniqueViolations;
import org.kernelforge.storage.FileResponses;

import java.io.InputStream;
import java.net.URI;
import java.util.List;

/** Competitions: create and change them (organizers), read them, join them, their public data. */
@Path("/api/competitions")
public class CompetitionResource {

    private final CompetitionService service;
    private final CompetitionReads reads;
    private final SolutionService solutions;
    private final ScoringQueue scoring;
    private final FileResponses files;

    CompetitionResource(CompetitionService service, CompetitionReads reads, SolutionService solutions,
                        ScoringQueue scoring, FileResponses files) {
        this.service = service;
        this.reads = reads;
        this.solutions = solutions;
        this.scoring = scoring;
        this.files = files;
    }

    @GET
    public List<CompetitionSummary> list() {
        return reads.list();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Valid @ConvertGroup(to = CompetitionRequest.Creation.class) CompetitionRequest request) {
        Competition c = service.create(request);
        return Response.created(URI.create("/api/competitions/" + c.slug)).entity(reads.detail(c.slug)).build();
    }

    @GET
    @Path("/{slug}")
    public CompetitionDetail get(@PathParam("slug") String slug) {
        return reads.detail(slug);
    }

    @PATCH
    @Path("/{slug}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response patch(@PathParam("slug") String slug, @Valid CompetitionRequest request) {
        if (service.patch(slug, request)) {
            scoring.rescore(reads.id(slug));
        }
        return Response.noContent().build();
    }

    @PUT
    @Path("/{slug}/solution")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
    public Response putSolution(@PathParam("slug") String slug, InputStream body) {
        scoring.rescore(solutions.uploadSolution(slug, body));
        return Response.noContent().build();
    }

    /** For organizers: the solution in force (normalized, with its Usage column). 404 to everyone else. */
    @GET
    @Path("/{slug}/solution")
    public Response getSolution(@PathParam("slug") String slug, @HeaderParam("Range") String range,
                                @HeaderParam("If-None-Match") String ifNoneMatch, @HeaderParam("If-Range") String ifRange) {
        return files.file(solutions.solutionFile(slug), solutions.solutionUploadedAt(slug), range, ifNoneMatch, ifRange);
    }

    @PUT
    @Path("/{slug}/scoring-program")
    @Consumes({"text/x-python", MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
    public Response putProgram(@PathParam("slug") String slug, InputStream body) {
        scoring.rescore(solutions.uploadProgram(slug, body));
        return Response.noContent().build();
    }

    @POST
    @Path("/{slug}/rescore")
    public Response rescore(@PathParam("slug") String slug) {
        int generation = service.startRescore(slug);
        long count = scoring.rescore(reads.id(slug));
        return Response.accepted(new RescoreAccepted(generation, count)).build();
    }

    @POST
    @Path("/{slug}/join")
    public JoinResponse join(@PathParam("slug") String slug) {
        Entrant e = UniqueViolations.retried(() -> service.join(slug));
        return new JoinResponse(slug, e.name, e.joinedAt);
    }

    @GET
    @Path("/{slug}/data")
    @Produces(MediaType.APPLICATION_JSON)
    public List<DataFile> data(@PathParam("slug") String slug) {
        return reads.data(slug);
    }

    @GET
    @Path("/{slug}/data/{path: .+}")
    public Response dataFile(@PathParam("slug") String slug, @PathParam("path") String path,
                             @HeaderParam("Range") String range, @HeaderParam("If-None-Match") String ifNoneMatch,
                             @HeaderParam("If-Range") String ifRange) {
        return files.file(reads.dataFile(slug, path), reads.dataUploadedAt(slug), range, ifNoneMatch, ifRange);
    }
}
