package org.kernelforge.kaggle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.kernelforge.identity.CurrentUser;
import org.kernelforge.kaggle.KernelMessages.Blob;
import org.kernelforge.kaggle.KernelMessages.KernelList;
import org.kernelforge.kaggle.KernelMessages.KernelRef;
import org.kernelforge.kaggle.KernelMessages.KernelReply;
import org.kernelforge.kaggle.KernelMessages.ListKernels;
import org.kernelforge.kaggle.KernelMessages.Metadata;
import org.kernelforge.kaggle.KernelMessages.OutputFile;
import org.kernelforge.kaggle.KernelMessages.SaveKernel;
import org.kernelforge.kaggle.KernelMessages.SaveKernelReply;
import org.kernelforge.kaggle.KernelMessages.SessionOutput;
import org.kernelforge.kaggle.KernelMessages.SessionStatus;
import org.kernelforge.kernels.KernelPushes;
import org.kernelforge.kernels.KernelReads;
import org.kernelforge.kernels.KernelSharing;
import org.kernelforge.kernels.KernelType;
import org.kernelforge.kernels.KernelViews;
import org.kernelforge.kernels.PushRequest;
import org.kernelforge.kernels.VersionArtifacts;
import org.kernelforge.kernels.VersionStatus;
import org.kernelforge.platform.Page;
import org.kernelforge.platform.ProblemException;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Kaggle's {@code kernels.KernelsApiService}: push, status, pull, output and log, list, delete. */
@Path("/api/v1/kernels.KernelsApiService")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class KernelsApi {

    private static final Map<VersionStatus, String> STATUS = Map.of(VersionStatus.QUEUED, "QUEUED",
            VersionStatus.RUNNING, "RUNNING", VersionStatus.COMPLETE, "COMPLETE", VersionStatus.ERROR, "ERROR",
            VersionStatus.CANCELLED, "CANCEL_ACKNOWLEDGED");

    private final KernelPushes pushes;
    private final KernelReads reads;
    private final VersionArtifacts artifacts;
    private final KernelSharing sharing;
    private final CurrentUser current;
    private final SignedUrls signed;
    private final ObjectMapper json;

    KernelsApi(KernelPushes pushes, KernelReads reads, VersionArtifacts artifacts, KernelSharing sharing,
               CurrentUser current, SignedUrls signed, ObjectMapper json) {
        this.pushes = pushes;
        this.reads = reads;
        this.artifacts = artifacts;
        this.sharing = sharing;
        this.current = current;
        this.signed = signed;
        this.json = json;
    }

    @POST
    @Path("/SaveKernel")
    public SaveKernelReply save(SaveKernel request) {
        current.require();
        if (request == null || request.slug() == null || request.slug().split("/").length != 2) {
            throw ProblemException.badRequest("id", "Give the kernel's \"id\" as \"owner/slug\" in kernel-metadata.json "
                    + "(kernels are found by owner and slug here, not by \"id_no\")");
        }
        if (Boolean.TRUE.equals(request.enableTpu())) {
            throw ProblemException.badRequest("enable_tpu", "This server has no TPUs; set \"enable_tpu\": false in kernel-metadata.json");
        }
        if (request.modelDataSources() != null && !request.modelDataSources().isEmpty()) {
            throw ProblemException.badRequest("model_sources", "This server has no models; remove \"model_sources\" from kernel-metadata.json");
        }
        if (request.machineShape() != null && !request.machineShape().isBlank()) {
            throw ProblemException.badRequest("machine_shape", "This server has one machine shape; remove \"machine_shape\" "
                    + "from kernel-metadata.json (and use \"enable_gpu\" for a GPU)");
        }
        String[] ref = request.slug().split("/");
        PushRequest push = new PushRequest(request.newTitle(), request.kernelType(), request.language(),
                request.text() == null ? null : TextNode.valueOf(request.text()), request.datasetDataSources(),
                request.competitionDataSources(), request.kernelDataSources(), orFalse(request.enableGpu()),
                orFalse(request.enableInternet()), request.isPrivate() == null ? Boolean.FALSE : request.isPrivate(),
                blankToNull(request.dockerImage()), request.sessionTimeoutSeconds(), "run", null,
                blankToNull(request.dockerImagePinningType()));
        KernelViews.PushResponse pushed = pushes.push(ref[0], ref[1], push);
        return new SaveKernelReply(pushed.ref(), pushed.url(), pushed.version(), null);
    }

    @POST
    @Path("/GetKernelSessionStatus")
    public SessionStatus status(KernelRef request) {
        Named kernel = Named.of(request);
        KernelViews.VersionView version = reads.version(kernel.owner(), kernel.slug(), "latest");
        return new SessionStatus(STATUS.get(version.status()), version.failure() == null ? null : version.failure().message());
    }

    @POST
    @Path("/GetKernel")
    public KernelReply get(KernelRef request) {
        Named kernel = Named.of(request);
        KernelViews.KernelDetail detail = reads.detail(kernel.owner(), kernel.slug());
        VersionArtifacts.Source source = artifacts.source(kernel.owner(), kernel.slug(), kernel.version());
        String type = source.type() == KernelType.SCRIPT ? "script" : "notebook";
        Blob blob = new Blob(new String(source.bytes(), StandardCharsets.UTF_8), source.language(), type, source.slug());
        return new KernelReply(metadata(detail, source.number()), blob);
    }

    @POST
    @Path("/ListKernelSessionOutput")
    public SessionOutput output(KernelRef request) {
        Named kernel = Named.of(request);
        Paging paging = Paging.of(request.pageToken(), request.pageSize());
        VersionArtifacts.Outputs outputs = artifacts.outputs(kernel.owner(), kernel.slug(), "latest");
        List<OutputFile> files = paging.page(outputs.files()).stream()
                .map(f -> new OutputFile(signed.outputFile(outputs.versionId(), f.path()), f.path())).toList();
        String log = paging.offset() == 0 ? logText(kernel) : null;
        return new SessionOutput(files, log, paging.next(outputs.files().size()));
    }

    @POST
    @Path("/ListKernels")
    public KernelList list(ListKernels request) {
        ListKernels r = request == null ? new ListKernels(null, null, null, null, null, null, null) : request;
        String owner = blankToNull(r.user());
        if ("PROFILE".equals(r.group()) && owner == null) {
            owner = current.require().username();
        }
        Page<KernelViews.KernelSummary> page = reads.list(blankToNull(r.search()), owner, false,
                blankToNull(r.dataset()), blankToNull(r.competition()), r.page(), r.pageSize());
        List<Metadata> kernels = page.items().stream().map(KernelsApi::metadata).toList();
        return new KernelList(kernels, null);
    }

    @POST
    @Path("/DeleteKernel")
    public Map<String, Object> delete(KernelRef request) {
        Named kernel = Named.of(request);
        sharing.delete(kernel.owner(), kernel.slug());
        return Map.of();
    }

    private String logText(Named kernel) {
        try {
            return json.writeValueAsString(artifacts.log(kernel.owner(), kernel.slug(), "latest"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Metadata metadata(KernelViews.KernelDetail d, int version) {
        KernelViews.Settings s = d.settings();
        return new Metadata(d.ref(), s.title(), d.owner(), d.slug(), KaggleTime.of(d.updatedAt()), s.language(),
                s.kernelType(), s.isPrivate(), s.enableGpu(), s.enableInternet(), s.datasetSources(),
                s.competitionSources(), s.kernelSources(), version, s.dockerImage());
    }

    private static Metadata metadata(KernelViews.KernelSummary k) {
        return new Metadata(k.ref(), k.title(), k.owner(), k.slug(), KaggleTime.of(k.updatedAt()), k.language(),
                k.kernelType(), k.isPrivate(), null, null, null, null, null, k.currentVersion(), null);
    }

    private static Boolean orFalse(Boolean value) {
        return value == null ? Boolean.FALSE : value;
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** A kernel as the client names it, with the version to read ("latest" unless it asked for one). */
    record Named(String owner, String slug, String version) {

        static Named of(KernelRef request) {
            if (request == null || blankToNull(request.userName()) == null || blankToNull(request.kernelSlug()) == null) {
                throw ProblemException.badRequest("kernelSlug", "Name the kernel as owner/slug");
            }
            String slug = request.kernelSlug().strip();
            String version = "latest";
            int slash = slug.indexOf('/');
            if (slash > 0) {
                version = slug.substring(slash + 1);
                slug = slug.substring(0, slash);
            }
            String label = blankToNull(request.versionLabel());
            if (label != null) {
                version = label.startsWith("v") ? label.substring(1) : label;
            }
            return new Named(request.userName().strip(), slug, version);
        }
    }
}
