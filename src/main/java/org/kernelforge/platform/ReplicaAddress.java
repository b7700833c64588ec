package org.kernelforge.platform;

import io.quarkus.runtime.LaunchMode;
import org.eclipse.microprofile.config.ConfigProvider;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/** The base URL other replicas reach this one at: KF_REPLICA_URL, else this host's name and the HTTP port. */
final class ReplicaAddress {

    private ReplicaAddress() {
    }

    static String of(ReplicaConfig config) {
        if (config.url().isPresent() && !config.url().get().isBlank()) {
            return checked(config.url().get().strip());
        }
        String portKey = LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port";
        int port = ConfigProvider.getConfig().getOptionalValue(portKey, Integer.class).orElse(8080);
        return "http://" + hostName() + ":" + port;
    }

    /** KF_REPLICA_URL is an http(s) URL naming a host, with no path: requests keep their own paths. */
    static String checked(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("KF_REPLICA_URL '" + url + "' is not a URL: " + e.getMessage());
        }
        boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
        String path = uri.getRawPath();
        if (!http || uri.getHost() == null || (path != null && !path.isEmpty() && !path.equals("/"))
                || uri.getRawQuery() != null) {
            throw new IllegalArgumentException("KF_REPLICA_URL '" + url
                    + "' must be http://host:port or https://host:port (no path), as other replicas reach this one");
        }
        return uri.getScheme().toLowerCase() + "://" + uri.getRawAuthority();
    }

    private static String hostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return name == null || name.isBlank() ? "127.0.0.1" : name;
        } catch (UnknownHostException e) {
            return "127.0.0.1";
        }
    }
}
