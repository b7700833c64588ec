package org.kernelforge.platform;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;

/**
 * Tells a service the server depends on being down (the database restarting, the object store stopped) from a fault
 * of the server: the first is a 503 a client may retry, not an incident.
 */
public final class ServiceOutages {

    /** Seconds a client is asked to wait before it tries again. */
    public static final int RETRY_AFTER_SECONDS = 5;

    private ServiceOutages() {
    }

    /** The problem to answer when the error, or one of its causes, is a service out of reach. */
    public static Optional<Problem> of(Throwable error) {
        boolean database = false;
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                database = true;
                if (isConnectionLost(sql)) {
                    return Optional.of(databaseDown());
                }
            }
            if (isConnectionLost(t)) {
                return Optional.of(database ? databaseDown() : Problem.of(503, "Service unavailable",
                        "A service the server needs (the object store) is out of reach; try again in a moment", null));
            }
        }
        return Optional.empty();
    }

    /** Whether the error, or one of its causes, is the database out of reach. */
    public static boolean isDatabaseDown(Throwable error) {
        return of(error).map(p -> p.detail().contains("database")).orElse(false);
    }

    /**
     * How long what a finished run, capture or scoring writes waits for a database that went away, before it gives up:
     * the one patience of every {@link #retryWhileDatabaseDown} (run results, output packs, scoring and rerun records).
     */
    private static final java.time.Duration DATABASE_PATIENCE = java.time.Duration.ofMinutes(10);

    /**
     * Runs the work, again while the database is out of reach, for at most {@link #DATABASE_PATIENCE}: what a
     * finished run writes must wait for a restarting database rather than be lost with it.
     */
    public static void retryWhileDatabaseDown(Runnable work) {
        retryWhileDatabaseDown(() -> {
            work.run();
            return null;
        });
    }

    /** As {@link #retryWhileDatabaseDown(Runnable)}, answering what the work answers. */
    public static <T> T retryWhileDatabaseDown(java.util.function.Supplier<T> work) {
        java.time.Instant giveUp = java.time.Instant.now().plus(DATABASE_PATIENCE);
        long pauseMillis = 500;
        while (true) {
            try {
                return work.get();
            } catch (RuntimeException e) {
                if (!isDatabaseDown(e) || java.time.Instant.now().isAfter(giveUp)) {
                    throw e;
                }
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pauseMillis = Math.min(pauseMillis * 2, 5000);
            }
        }
    }

    /**
     * Refused, unroutable, timed out, or cut off: a store killed mid-request closes the connection before answering
     * (the HTTP client's EOFException) or resets it.
     */
    private static boolean isConnectionLost(Throwable t) {
        return t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof SocketTimeoutException
                || t instanceof java.io.EOFException || t instanceof java.net.SocketException;
    }

    /** Connection errors (SQLState class 08), the server shutting down or starting (57P01-57P03), or no pooled connection. */
    private static boolean isConnectionLost(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return e instanceof SQLTransientConnectionException || e instanceof SQLNonTransientConnectionException
                || state.startsWith("08") || state.startsWith("57P0")
                || (e.getMessage() != null && e.getMessage().contains("Acquisition timeout"));
    }

    private static Problem databaseDown() {
        return Problem.of(503, "Service unavailable", "The database is out of reach; try again in a moment", null);
    }
}
