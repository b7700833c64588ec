package org.kernelforge.kernels;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestQuery;
import org.kernelforge.identity.Account;
import org.kernelforge.identity.CurrentUser;
import org.kernelforge.kernels.KernelViews.KernelDetail;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.runs.EngineCapabilities;
import org.kernelforge.runs.Language;

import java.util.List;
import java.util.Map;

/**
 * The editor: a code editor for scripts, a cell editor for notebooks, the settings panel, and "Save Version",
 * which posts the same push as the API (POST /api/kernels/{owner}/{slug}/versions). A kernel that does not exist
 * yet is created by its first version.
 */
@Path("/kernels/{owner}/{slug}/edit")
@Produces(MediaType.TEXT_HTML)
public class KernelEditorPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance editor(String ref, String title, String kernelType, String language, boolean exists,
                                              String state);
    }

    private final CurrentUser current;
    private final KernelQueries queries;
    private final KernelReads reads;
    private final RuntimeImages images;
    private final KernelDrafts drafts;
    private final EngineCapabilities capabilities;
    private final ObjectMapper json;

    public KernelEditorPage(CurrentUser current, KernelQueries queries, KernelReads reads, RuntimeImages images,
                            KernelDrafts drafts, EngineCapabilities capabilities, ObjectMapper json) {
        this.current = current;
        this.queries = queries;
        this.reads = reads;
        this.images = images;
        this.drafts = drafts;
        this.capabilities = capabilities;
        this.json = json;
    }

    @GET
    public TemplateInstance edit(@PathParam("owner") String owner, @PathParam("slug") String slug, @RestQuery String type,
                                 @RestQuery String title, @RestQuery String dataset, @RestQuery String competition,
                                 @RestQuery String language) throws JsonProcessingException {
        Account me = current.require();
        ObjectNode state = json.createObjectNode().put("owner", owner).put("slug", slug);
        state.set("images", json.valueToTree(images.choices()));
        boolean exists = queries.byRef(owner, slug).isPresent();
        state.put("exists", exists); // a live session needs a saved kernel
        if (exists) {
            queries.writable(owner, slug);
            KernelDetail detail = reads.detail(owner, slug);
            state.set("settings", json.valueToTree(detail.settings()));
            state.set("source", detail.source());
            state.put("version", detail.versions().size());
        } else {
            if (!me.username().equals(owner)) {
                throw ProblemException.notFound("There is no kernel '" + owner + "/" + slug + "' that you can see");
            }
            String kind = "script".equals(type) ? "script" : "notebook";
            boolean r = Language.R.id().equals(language);
            state.set("settings", json.valueToTree(Map.ofEntries(Map.entry("title", title == null || title.isBlank() ? slug : title),
                    Map.entry("kernel_type", kind), Map.entry("language", r ? Language.R.id() : Language.PYTHON.id()),
                    Map.entry("dataset_sources", dataset == null || dataset.isBlank() ? List.of() : List.of(dataset)),
                    Map.entry("competition_sources", competition == null || competition.isBlank() ? List.of() : List.of(competition)),
                    Map.entry("kernel_sources", List.of()), Map.entry("enable_gpu", false), Map.entry("enable_internet", false),
                    Map.entry("is_private", true), Map.entry("docker_image", r ? RuntimeImages.R_ENVIRONMENT : images.defaultChoice()))));
            state.set("source", starter(kind, r ? R_STARTER : STARTER));
        }
        // the owner's unsaved work is restored by the page (an administrator editing someone's kernel sees none)
        boolean mine = me.username().equals(owner);
        state.put("drafts", mine);
        if (mine) {
            drafts.mine(owner, slug).ifPresent(d -> state.set("draft", json.valueToTree(d)));
        }
        state.set("capabilities", json.valueToTree(capabilities.offer()));
        JsonNode settings = state.get("settings");
        // the state is embedded in a script element: '<' is escaped so no text in it can close the element
        String embedded = json.writeValueAsString(state).replace("<", "\\u003c");
        return Templates.editor(owner + "/" + slug, settings.path("title").asText(), settings.path("kernel_type").asText(),
                settings.path("language").asText("python"), exists, embedded);
    }

    /** A new kernel's first code: it lists the input files, as Kaggle's starter does (a notebook has it as its first cell). */
    private JsonNode starter(String kind, String listing) {
        if (kind.equals("script")) {
            return json.getNodeFactory().textNode(listing);
        }
        ObjectNode notebook = json.createObjectNode().put("nbformat", 4).put("nbformat_minor", 5);
        notebook.putObject("metadata");
        ObjectNode cell = notebook.putArray("cells").addObject().put("cell_type", "code").put("source", listing);
        cell.putObject("metadata");
        cell.putArray("outputs");
        cell.putNull("execution_count");
        return notebook;
    }

    static final String STARTER = """
            import os
            import pandas as pd

            # inputs are read-only under /kaggle/input; outputs go to /kaggle/working
            for folder, _, files in os.walk('/kaggle/input'):
                for name in files:
                    print(os.path.join(folder, name))
            """;

    static final String R_STARTER = """
            # inputs are read-only under /kaggle/input; outputs go to /kaggle/working
            print(list.files("/kaggle/input", recursive = TRUE, full.names = TRUE))
            """;
}
