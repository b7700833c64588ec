package org.kernelforge.kernels;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.kernelforge.kernels.KernelViews.SourceDiff;
import org.kernelforge.kernels.KernelViews.VersionView;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.platform.ReplicaStreams;
import org.kernelforge.runs.Language;

import java.util.List;

/** One version of a kernel: its state, source, log, cancellation, and diffs between versions. */
@Path("/api/kernels/{owner}/{slug}/versions/{n}")
public class KernelVersionResource {

    private final KernelReads reads;
    private final KernelVersionLookup lookup;
    private final LogReader logs;
    private final RunQueue queue;
    private final ObjectMapper json;

    public KernelVersionResource(KernelReads reads, KernelVersionLookup lookup, LogReader logs, RunQueue queue, ObjectMapper json) {
        this.reads = reads;
        this.lookup = lookup;
        this.logs = logs;
        this.queue = queue;
        this.json = json;
    }

    @GET
    public VersionView get(@PathParam("owner") String owner, @PathParam("slug") String slug, @PathParam("n") String n) {
        return reads.version(owner, slug, n);
    }

    @GET
    @Path("/source")
    public Response source(@PathParam("owner") String owner, @PathParam("slug") String slug, @PathParam("n") String n) {
        KernelVersionLookup.Found v = lookup.visible(owner, slug, n);
        String type = v.type() == KernelType.NOTEBOOK ? "application/x-ipynb+json"
                : v.language() == Language.R ? "text/x-r; charset=utf-8" : "text/x-python; charset=utf-8";
        String extension = v.type() == KernelType.SCRIPT ? v.language().scriptExtension() : ".ipynb";
        return Response.ok(reads.bytes(v.sourceSha256()), type)
                .header("Content-Disposition", "inline; filename=\"" + slug + extension + "\"")
                .build();
    }

    @GET
    @Path("/log")
    @Produces(MediaType.APPLICATION_JSON)
    public List<LogBook.Entry> log(@PathParam("owner") String owner, @PathParam("slug") String slug, @PathParam("n") String n) {
        return logs.read(lookup.visible(owner, slug, n).id());
    }

    /** The log as plain text (the lines as printed, without ANSI codes), for {@code Accept: text/plain}. */
    @GET
    @Path("/log")
    @Produces(MediaType.TEXT_PLAIN + ";qs=0.4")
    public String plainLog(@PathParam("owner") String owner, @PathParam("slug") String slug, @PathParam("n") String n) {
        return LogLineView.plain(logs.read(lookup.visible(owner, slug, n).id()));
    }

    /** The plain log as a file to download. */
    @GET
    @Path("/log.txt")
    @Produces(MediaType.TEXT_PLAIN)
    public Response logFile(@PathParam("owner") String owner, @PathParam("slug") String slug, @PathParam("n") String n) {
        KernelVersionLookup.Found v = lookup.visible(owner, slug, n);
        return Response.ok(LogLineView.plain(logs.read(v.id())), "text/plain; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + slug + "-version-" + v.number() + ".log\"")
                .build();
    }

    /** The log as it grows, until the run ends, wherever it runs: the caller's credentials follow it to another replica. */
    @GET
    @Path("/log")
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS + ";qs=0.5")
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<LogBook.Entry> followLog(@PathParam("owner") String owner, @PathParam("slug") String slug, @PathParam("n") String n,
                                         @Context HttpHeaders headers) {
        KernelVersionLookup.Found v = lookup.visible(owner, slug, n);
        return logs.follow(v.id(), RunnerLog.of(owner, v, ReplicaStreams.Caller.of(headers)));
    }

    @POST
    @Path("/cancel")
    public Response cancel(@PathParam("owner") String owner, @PathParam("slug") String slug, @PathParam("n") String n) {
        KernelVersionLookup.Found v = lookup.writable(owner, slug, n);
        if (!queue.cancel(v.id())) {
            throw ProblemException.conflict("version", "Version " + v.number() + " has already finished; there is nothing to cancel");
        }
        return Response.accepted(reads.version(owner, slug, String.valueOf(v.number()))).build();
    }

    @GET
    @Path("/diff/{b}")
    public SourceDiff diff(@PathParam("owner") String owner, @PathParam("slug") String slug, @PathParam("n") String a,
                           @PathParam("b") String b) {
        KernelVersionLookup.Found left = lookup.visible(owner, slug, a);
        KernelVersionLookup.Found right = lookup.visible(owner, slug, b);
        KernelType type = left.type() == right.type() ? left.type() : KernelType.SCRIPT;
        return SourceDiffs.diff(left.number(), reads.bytes(left.sourceSha256()), right.number(), reads.bytes(right.sourceSha256()),
                type, json);
    }
}
