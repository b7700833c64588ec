package org.kernelforge.kernels;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.kernelforge.identity.Account;
import org.kernelforge.identity.CurrentUser;
import org.kernelforge.platform.ProblemException;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The editor's drafts: private to the kernel's owner (anyone else, administrators included, is told there is none),
 * one per kernel, also for a kernel that has no version yet. A commit clears the draft it started from.
 */
@ApplicationScoped
public class KernelDrafts {

    /** The column's size: a draft holds a source of up to the push limit plus its settings. */
    static final int MAX_CHARS = 10_485_760;

    /** What the editor sends. */
    public record DraftRequest(
            @NotNull(message = "A draft needs its source")
            @Schema(description = "Script text, or the .ipynb document as a JSON object", oneOf = {String.class, Map.class})
            JsonNode source,
            @Schema(description = "The editor's settings, as a push names them") Map<String, Object> settings) {
    }

    /** A saved draft. */
    public record Draft(JsonNode source, JsonNode settings, @JsonProperty("saved_at") Instant savedAt) {
    }

    private final CurrentUser current;
    private final ObjectMapper json;

    public KernelDrafts(CurrentUser current, ObjectMapper json) {
        this.current = current;
        this.json = json;
    }

    @Transactional
    public Optional<Draft> mine(String owner, String slug) {
        return KernelDraft.find(owner(owner, slug).id(), slug).map(this::view);
    }

    @Transactional
    public Draft save(String owner, String slug, DraftRequest request) {
        Account me = owner(owner, slug);
        if (!KernelCommits.SLUG.matcher(slug).matches()) {
            throw ProblemException.badRequest("slug", "The kernel slug '" + slug
                    + "' must be 5 to 50 characters: lower-case letters, digits and '-'");
        }
        ObjectNode content = json.createObjectNode();
        content.set("source", request.source());
        content.set("settings", request.settings() == null ? json.createObjectNode() : json.valueToTree(request.settings()));
        String text;
        try {
            text = json.writeValueAsString(content);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (text.length() > MAX_CHARS) {
            throw ProblemException.tooLarge("source", "The draft is larger than " + MAX_CHARS / (1024 * 1024)
                    + " MiB; save a version instead");
        }
        KernelDraft draft = KernelDraft.find(me.id(), slug).orElseGet(() -> {
            KernelDraft fresh = new KernelDraft();
            fresh.ownerId = me.id();
            fresh.slug = slug;
            return fresh;
        });
        draft.content = text;
        draft.savedAt = Instant.now();
        draft.persist();
        return view(draft);
    }

    @Transactional
    public void discard(String owner, String slug) {
        KernelDraft.deleteFor(owner(owner, slug).id(), slug);
    }

    /** Called by a commit, in its transaction: the version now holds what the draft held. */
    void clear(long ownerId, String slug) {
        KernelDraft.deleteFor(ownerId, slug);
    }

    /** The caller when it is the owner named in the address; anyone else, signed in or not, learns nothing (404). */
    private Account owner(String owner, String slug) {
        return current.get().filter(me -> me.username().equals(owner)).orElseThrow(() ->
                ProblemException.notFound("There is no draft of '" + owner + "/" + slug + "' that you can see"));
    }

    private Draft view(KernelDraft draft) {
        try {
            JsonNode content = json.readTree(draft.content);
            return new Draft(content.get("source"), content.get("settings"), draft.savedAt);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored draft is not JSON", e);
        }
    }
}
