package org.kernelforge.environments;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Streams a build's log: every chunk so far, then new ones until the build ends (as the kernel log follower does). */
@ApplicationScoped
public class BuildLogFollower {

    private static final long POLL_MILLIS = 250;

    private final EnvironmentReads reads;
    private final ExecutorService followers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "environment-log-follower");
        t.setDaemon(true);
        return t;
    });

    public BuildLogFollower(EnvironmentReads reads) {
        this.reads = reads;
    }

    Multi<String> follow(long versionId) {
        return Multi.createFrom().emitter(emitter -> followers.submit(() -> tail(versionId, emitter)));
    }

    private void tail(long versionId, MultiEmitter<? super String> emitter) {
        int sent = 0;
        try {
            while (!emitter.isCancelled()) {
                EnvironmentReads.BuildLogState state = reads.log(versionId);
                String text = state.text();
                if (text.length() > sent && !text.startsWith("Waiting for the build")) {
                    emitter.emit(text.substring(sent));
                    sent = text.length();
                }
                if (state.ended()) {
                    emitter.complete();
                    return;
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            emitter.complete();
        } catch (RuntimeException e) {
            emitter.fail(e);
        }
    }
}
