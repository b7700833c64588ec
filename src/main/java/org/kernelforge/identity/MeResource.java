package org.kernelforge.identity;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.kernelforge.identity.AccountViews.ApiKeyView;
import org.kernelforge.identity.AccountViews.IssuedKeyView;
import org.kernelforge.identity.AccountViews.UserView;

import java.net.URI;
import java.util.List;

/** The caller's own account and API keys. */
@Path("/api/me")
public class MeResource {

    private final CurrentUser current;
    private final ApiKeyService keys;

    public MeResource(CurrentUser current, ApiKeyService keys) {
        this.current = current;
        this.keys = keys;
    }

    @GET
    public UserView me() {
        return UserView.of(current.requireUser());
    }

    @POST
    @Path("/api-keys")
    public Response createKey() {
        ApiKeyService.IssuedKey issued = keys.create(current.requireUser());
        return Response.created(URI.create("/api/me/api-keys/" + issued.id()))
                .entity(new IssuedKeyView(issued.username(), issued.key(), issued.id())).build();
    }

    @GET
    @Path("/api-keys")
    public List<ApiKeyView> listKeys() {
        return keys.list(current.requireUser()).stream().map(ApiKeyView::of).toList();
    }

    @DELETE
    @Path("/api-keys/{id}")
    public Response revoke(@PathParam("id") long id) {
        keys.revoke(current.requireUser(), id);
        return Response.noContent().build();
    }
}
