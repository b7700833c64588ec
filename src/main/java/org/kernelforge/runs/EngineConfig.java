package org.kernelforge.runs;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Which engine runs kernel versions, and how to reach a swarm. */
@ConfigMapping(prefix = "kernelforge.engine")
public interface EngineConfig {

    /** {@code local} (the server's own Docker engine, with warm containers) or {@code swarm}. */
    @WithDefault("local")
    String kind();

    /** The Docker Swarm engine. */
    Swarm swarm();

    interface Swarm {
        /**
         * An env file (KEY=value lines, as deploy/swarm/up.sh writes) whose KF_SWARM_MANAGER and
         * KF_SWARM_STORE_ENDPOINT are used where the two settings below are not set.
         */
        Optional<String> envFile();

        /** A swarm manager's Docker API, e.g. unix:///run/kernelforge-swarm/node1/docker.sock or tcp://host:2376. */
        Optional<String> manager();

        /**
         * The object store as the swarm's nodes reach it, e.g. http://10.213.0.1:9100: staging URLs are presigned
         * for this host (the signature covers it).
         */
        Optional<String> storeEndpoint();

        /**
         * Node APIs by node name ({@code node1=unix:///...,node2=tcp://...}), optional: through them the engine removes
         * the exited containers of finished jobs (Docker 20.10's swarm keeps them after their service is removed).
         */
        Optional<String> nodeSockets();

        /**
         * Placement constraints every run's service carries, comma separated in the swarm's syntax (e.g.
         * {@code node.labels.kernelforge.runs == true}): keeps runs off the nodes of the database, the store and the
         * servers. None: the swarm places runs on any node.
         */
        Optional<String> runConstraints();

        /** How long a presigned staging URL is valid: longer than the longest run plus its upload. */
        @WithDefault("PT3H")
        Duration urlValidity();

        /** A node reported down (or unknown) this long during a run fails the run as a platform error. */
        @WithDefault("PT10S")
        Duration nodeDownAfter();

        /** Time the stager has, after the kernel was stopped, to upload the outputs before the engine gives up. */
        @WithDefault("PT60S")
        Duration uploadGrace();
    }
}
