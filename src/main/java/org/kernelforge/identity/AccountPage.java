package org.kernelforge.identity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;
import org.kernelforge.web.Csrf;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The account page: API keys (create, copy, revoke) and kaggle.json, through {@link ApiKeyService}. */
@Path("/account")
@Produces(MediaType.TEXT_HTML)
public class AccountPage {

    /** A key just created: shown once, with its kaggle.json as a download. */
    public record NewKey(String key, String kaggleJson, String kaggleJsonHref) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance account(User user, List<ApiKey> keys, NewKey created);
    }

    private final CurrentUser current;
    private final ApiKeyService keys;
    private final Csrf csrf;
    private final HttpServerRequest request;
    private final ObjectMapper json;

    public AccountPage(CurrentUser current, ApiKeyService keys, Csrf csrf, HttpServerRequest request, ObjectMapper json) {
        this.current = current;
        this.keys = keys;
        this.csrf = csrf;
        this.request = request;
        this.json = json;
    }

    @GET
    public TemplateInstance account() {
        User me = current.requireUser();
        return Templates.account(me, keys.list(me), null);
    }

    @POST
    @Path("/keys")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance createKey(@RestForm(Csrf.FIELD) String token) throws JsonProcessingException {
        csrf.verify(request, token);
        User me = current.requireUser();
        ApiKeyService.IssuedKey issued = keys.create(me);
        String kaggleJson = json.writeValueAsString(Map.of("username", issued.username(), "key", issued.key()));
        String href = "data:application/json;charset=utf-8," + URLEncoder.encode(kaggleJson, StandardCharsets.UTF_8).replace("+", "%20");
        return Templates.account(me, keys.list(me), new NewKey(issued.key(), kaggleJson, href));
    }

    @POST
    @Path("/keys/{id}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response revoke(@PathParam("id") long id, @RestForm(Csrf.FIELD) String token) {
        csrf.verify(request, token);
        keys.revoke(current.requireUser(), id);
        return Response.seeOther(URI.create("/account")).build();
    }
}
