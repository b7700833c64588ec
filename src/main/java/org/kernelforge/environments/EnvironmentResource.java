package org.kernelforge.environments;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.kernelforge.platform.ProblemException;

import java.net.URI;
import java.util.List;

/**
 * Environments: list, versions with their package lists and build logs; admins create them and build versions, and so
 * do a competition's organizers for the competition's environments ({@code competition: slug} on creation).
 */
@Path("/api/environments")
@Produces(MediaType.APPLICATION_JSON)
public class EnvironmentResource {

    private final EnvironmentReads reads;
    private final EnvironmentService service;
    private final EnvironmentBuilder builder;
    private final BuildLogFollower follower;
    private final BuildEstimates estimates;

    public EnvironmentResource(EnvironmentReads reads, EnvironmentService service, EnvironmentBuilder builder,
                               BuildLogFollower follower, BuildEstimates estimates) {
        this.reads = reads;
        this.service = service;
        this.builder = builder;
        this.follower = follower;
        this.estimates = estimates;
    }

    /**
     * What building the current recipe would download and install, as apt tells before installing (those who may build
     * it: it runs a container). {@code status} is estimating until apt has answered; ask again.
     */
    @GET
    @Path("/{name}/estimate")
    public BuildEstimates.Estimate estimate(@PathParam("name") String name) {
        service.requireBuilder(name);
        return estimates.of(reads.detail(name).recipe());
    }

    @GET
    public List<EnvironmentViews.Summary> list() {
        return reads.list();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Valid EnvironmentRequests.Create request) {
        if (request == null) {
            throw ProblemException.badRequest("name", "Send {name, language, description, packages} as JSON");
        }
        Environment env = service.create(request);
        return Response.created(URI.create("/api/environments/" + env.name)).entity(reads.detail(env.name)).build();
    }

    @GET
    @Path("/{name}")
    public EnvironmentViews.Detail detail(@PathParam("name") String name) {
        return reads.detail(name);
    }

    /** Builds a new version in the background: 202 with the version (status building). */
    @POST
    @Path("/{name}/versions")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response build(@PathParam("name") String name, EnvironmentRequests.NewVersion request) {
        EnvironmentVersion v = service.newVersion(name, request);
        builder.submit(v.id);
        return Response.accepted(reads.version(name, String.valueOf(v.number)))
                .location(URI.create("/api/environments/" + name + "/versions/" + v.number)).build();
    }

    @GET
    @Path("/{name}/versions/{n}")
    public EnvironmentViews.VersionView version(@PathParam("name") String name, @PathParam("n") String n) {
        return reads.version(name, n);
    }

    /** The build log so far as plain text. */
    @GET
    @Path("/{name}/versions/{n}/log")
    @Produces(MediaType.TEXT_PLAIN)
    public String log(@PathParam("name") String name, @PathParam("n") String n) {
        return reads.log(name, n).text();
    }

    /** The build log as it is written: what is there, then the rest as apt prints it, until the build ends. */
    @GET
    @Path("/{name}/versions/{n}/log")
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS + ";qs=0.5")
    @RestStreamElementType(MediaType.TEXT_PLAIN)
    public Multi<String> followLog(@PathParam("name") String name, @PathParam("n") String n) {
        return follower.follow(reads.log(name, n).versionId());
    }
}
