package org.kernelforge.kernels;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Valid;
import org.kernelforge.kernels.KernelViews.PushResponse;
import org.kernelforge.platform.PlatformConfig;

/** A push as other features make it (Kaggle's protocol): the same commit as the JSON API's, answered as a record. */
@ApplicationScoped
public class KernelPushes {

    private final KernelCommits commits;
    private final RunQueue queue;
    private final PlatformConfig platform;

    KernelPushes(KernelCommits commits, RunQueue queue, PlatformConfig platform) {
        this.commits = commits;
        this.queue = queue;
        this.platform = platform;
    }

    /** Creates or updates "owner/slug" and commits a version; the push's rules are checked as for the JSON API. */
    public PushResponse push(String owner, String slug, @Valid PushRequest push) {
        KernelVersion version = commits.commit(owner, slug, push);
        queue.wake();
        return new PushResponse(owner + "/" + slug, version.number, version.status,
                platform.publicUrl() + "/kernels/" + owner + "/" + slug + "/versions/" + version.number);
    }
}
