package org.kernelforge.sessions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.kernelforge.identity.CurrentUser;
import org.kernelforge.platform.ProblemException;
import org.kernelforge.runs.Language;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The part of Jupyter Server's REST API that kernel clients use (JupyterLab, VS Code, jupyter_client), under
 * {@code /jupyter/}: kernelspecs and kernels. A kernel is an interactive session of the caller's; request bodies are
 * read as JSON whatever their Content-Type, as Jupyter Server does.
 */
@Path("/jupyter/api")
@Produces(MediaType.APPLICATION_JSON)
public class JupyterKernelsResource {

    /** The Jupyter Server version whose API this follows; clients read it to decide what they may ask. */
    static final String JUPYTER_SERVER_VERSION = "2.14.2";
    /** Names the Kernelforge kernel when the body has no path: {@code env: {"KERNEL_KERNELFORGE_PATH": "owner/slug"}}. */
    static final String GATEWAY_PATH_VARIABLE = "KERNEL_KERNELFORGE_PATH";

    private final SessionService sessions;
    private final CurrentUser current;
    private final ObjectMapper json;

    JupyterKernelsResource(SessionService sessions, CurrentUser current, ObjectMapper json) {
        this.sessions = sessions;
        this.current = current;
        this.json = json;
    }

    @GET
    public Map<String, String> version() {
        return Map.of("version", JUPYTER_SERVER_VERSION);
    }

    /**
     * python3 (ipykernel) and ir (IRkernel, as its kernelspec says; a session of it needs an environment with
     * IRkernel, such as the shipped {@code r}).
     */
    @GET
    @Path("kernelspecs")
    public Map<String, Object> kernelspecs() {
        current.require();
        return Map.of("default", KernelModel.KERNEL_NAME, "kernelspecs", Map.of(
                Language.PYTHON.kernelName(), kernelspec(Language.PYTHON, "python", "Python 3 (Kernelforge)",
                        List.of("python3", "-m", "ipykernel_launcher", "-f", "{connection_file}")),
                Language.R.kernelName(), kernelspec(Language.R, "R", "R (Kernelforge)",
                        List.of("R", "--slave", "-e", "IRkernel::main()", "--args", "{connection_file}"))));
    }

    private static Map<String, Object> kernelspec(Language language, String languageName, String displayName,
                                                  List<String> argv) {
        Map<String, Object> spec = Map.of(
                "language", languageName,
                "display_name", displayName,
                "argv", argv,
                "env", Map.of(),
                "interrupt_mode", "signal",
                "metadata", Map.of());
        return Map.of("name", language.kernelName(), "resources", Map.of(), "spec", spec);
    }

    @GET
    @Path("kernels")
    public List<KernelModel> list() {
        return sessions.mine();
    }

    /** Body {@code {"name": "python3" or "ir", "path": "owner/slug"}}; 201 with the kernel. */
    @POST
    @Path("kernels")
    public Response start(String body) {
        JsonNode request = readBody(json, body);
        String path = text(request, "path");
        if (path == null && request.path("env").isObject()) {
            // Jupyter Server in gateway mode (JupyterLab's way to remote kernels) forwards its KERNEL_* variables
            path = text(request.get("env"), GATEWAY_PATH_VARIABLE);
        }
        KernelSession session = sessions.start(text(request, "name"), path);
        return Response.created(URI.create("/jupyter/api/kernels/" + session.id())).entity(sessions.model(session)).build();
    }

    @GET
    @Path("kernels/{id}")
    public KernelModel get(@PathParam("id") String id) {
        return sessions.model(sessions.mine(id));
    }

    @DELETE
    @Path("kernels/{id}")
    public Response delete(@PathParam("id") String id) {
        sessions.stop(id);
        return Response.noContent().build();
    }

    @POST
    @Path("kernels/{id}/interrupt")
    public Response interrupt(@PathParam("id") String id) {
        sessions.interrupt(id);
        return Response.noContent().build();
    }

    @POST
    @Path("kernels/{id}/restart")
    public KernelModel restart(@PathParam("id") String id) {
        return sessions.model(sessions.restart(id));
    }

    /** A JSON object body; empty means {}. */
    static JsonNode readBody(ObjectMapper json, String body) {
        if (body == null || body.isBlank()) {
            return json.createObjectNode();
        }
        try {
            JsonNode node = json.readTree(body);
            if (!node.isObject()) {
                throw ProblemException.badRequest(null, "Send a JSON object, e.g. {\"name\": \"python3\", \"path\": \"owner/slug\"}");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest(null, "The body is not JSON: " + e.getOriginalMessage());
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ProblemException.badRequest(field, field + " must be a string");
        }
        return value.textValue();
    }
}
