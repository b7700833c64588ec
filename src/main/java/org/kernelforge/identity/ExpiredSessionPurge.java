package org.kernelforge.identity;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Deletes ended browser sessions, so the table only holds live ones. */
@ApplicationScoped
public class ExpiredSessionPurge {

    private final SessionService sessions;

    public ExpiredSessionPurge(SessionService sessions) {
        this.sessions = sessions;
    }

    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        sessions.purgeExpired();
    }
}
