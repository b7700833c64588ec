package org.kernelforge.kernels;

import org.kernelforge.platform.ReplicaStreams.Caller;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a log stream opened here goes on when another replica runs the version and its log file cannot be read here:
 * that replica's API stream of the same version (by number, never "latest"), asked as the caller, who is authorized
 * there as here.
 */
record RunnerLog(String path, Caller caller) {

    /** For a stream of version {@code v} of owner's kernel; null when the request was itself forwarded here (it goes no further). */
    static RunnerLog of(String owner, KernelVersionLookup.Found v, Caller caller) {
        if (caller.forwarded()) {
            return null;
        }
        return new RunnerLog("/api/kernels/" + segment(owner) + "/" + segment(v.kernelSlug()) + "/versions/" + v.number() + "/log",
                caller);
    }

    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
