package org.kernelforge.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.kernelforge.identity.CurrentUser;
import org.kernelforge.sessions.JupyterSessions.Binding;
import org.kernelforge.sessions.JupyterSessions.SessionModel;

import java.net.URI;
import java.util.List;

import static org.kernelforge.sessions.JupyterKernelsResource.readBody;
import static org.kernelforge.sessions.JupyterKernelsResource.text;

/**
 * Jupyter Server's sessions API, which JupyterLab and VS Code use to start kernels: {@code POST} with
 * {@code {"path", "name", "type", "kernel": {"name"} or {"id"}}} starts a kernel for the path (its inputs when the path
 * names a Kernelforge kernel "owner/slug") or binds an existing one of the caller's (on any replica); deleting a session
 * shuts its kernel down. A request for one session is forwarded to the replica running its kernel ({@link SessionRoutes}).
 */
@Path("/jupyter/api/sessions")
@Produces(MediaType.APPLICATION_JSON)
public class JupyterSessionsResource {

    private final JupyterSessions bindings;
    private final SessionService sessions;
    private final CurrentUser current;
    private final ObjectMapper json;

    JupyterSessionsResource(JupyterSessions bindings, SessionService sessions, CurrentUser current, ObjectMapper json) {
        this.bindings = bindings;
        this.sessions = sessions;
        this.current = current;
        this.json = json;
    }

    @GET
    public List<SessionModel> list() {
        return bindings.modelsOf(me());
    }

    @GET
    @Path("{id}")
    public SessionModel get(@PathParam("id") String id) {
        return bindings.model(bindings.owned(id, me()));
    }

    @POST
    public Response create(String body) {
        JsonNode request = readBody(json, body);
        long me = me();
        String path = text(request, "path");
        JsonNode kernel = request.path("kernel");
        String kernelId = kernel.isObject() ? text(kernel, "id") : null;
        Binding binding;
        if (kernelId != null) {
            bindings.kernel(kernelId, me);
            binding = bindings.bind(me, path, text(request, "name"), text(request, "type"), kernelId);
        } else {
            binding = bindings.byPath(me, path).orElse(null);
            if (binding == null) {
                String kernelName = kernel.isObject() ? text(kernel, "name") : null;
                KernelSession started = sessions.start(kernelName, path);
                binding = bindings.bind(me, path, text(request, "name"), text(request, "type"), started.id());
            }
        }
        return Response.created(URI.create("/jupyter/api/sessions/" + binding.id())).entity(bindings.model(binding)).build();
    }

    /** Renames the session or moves it to another of the caller's kernels ({@code kernel.id}). */
    @PATCH
    @Path("{id}")
    public SessionModel update(@PathParam("id") String id, String body) {
        JsonNode request = readBody(json, body);
        Binding binding = bindings.owned(id, me());
        JsonNode kernel = request.path("kernel");
        String kernelId = kernel.isObject() ? text(kernel, "id") : null;
        if (kernelId != null) {
            bindings.kernel(kernelId, me());
        } else if (kernel.isObject()) {
            KernelModel.language(text(kernel, "name"), "kernel");
        }
        return bindings.model(bindings.update(binding.with(text(request, "path"), text(request, "name"),
                text(request, "type"), kernelId)));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        Binding binding = bindings.owned(id, me());
        sessions.mine(binding.kernelId()); // its kernel runs here (else the request went where it runs), or 404
        bindings.remove(id);
        sessions.stop(binding.kernelId());
        return Response.noContent().build();
    }

    private long me() {
        return current.require().id();
    }
}
