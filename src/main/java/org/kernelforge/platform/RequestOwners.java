package org.kernelforge.platform;

import io.quarkus.security.identity.SecurityIdentity;

import java.util.Optional;

/**
 * A feature's requests that only one replica can serve (an interactive session runs in one replica; a live log is
 * written in one replica's data dir). {@link ReplicaForwarding} asks each implementation for the replica a request
 * belongs to and forwards it there.
 */
public interface RequestOwners {

    /** Whether requests for this path may belong to another replica; cheap, asked on the event loop for every request. */
    boolean appliesTo(String path);

    /**
     * The id of the replica that must serve this request for this caller, or empty to serve it here (it is this
     * replica's, nobody's, or not the caller's to see: then the local answer, a 404, is the right one). Blocking: asked
     * on a worker thread, outside any transaction.
     *
     * @param identity the caller, anonymous when they sent no credentials
     */
    Optional<String> ownerOf(String path, SecurityIdentity identity);
}
