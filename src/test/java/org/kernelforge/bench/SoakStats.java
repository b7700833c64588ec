package org.kernelforge.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the soak load saw: per route (a request's name with its variable parts left out), every latency and
 * how the requests ended (2xx/3xx, 4xx, 5xx, no answer at all). The first answer of each kind that is not
 * a success is printed once, with the start of its body, so that an error can be found in the server's log.
 */
final class SoakStats {

    private static final int BODY_SHOWN = 300;

    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final Set<String> shown = ConcurrentHashMap.newKeySet();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong serverErrors = new AtomicLong();
    private final AtomicLong clientErrors = new AtomicLong();
    private final boolean showFailures;

    SoakStats() {
        this(true);
    }

    private SoakStats(boolean showFailures) {
        this.showFailures = showFailures;
    }

    /** For requests outside the load (probes, metrics): kept apart and never printed. */
    static SoakStats apart() {
        return new SoakStats(false);
    }

    void record(String route, long micros, int status, String body) {
        requests.incrementAndGet();
        Route r = routes.computeIfAbsent(route, k -> new Route());
        r.add(micros, status);
        if (status >= 500 || status == 0) {
            serverErrors.incrementAndGet();
        } else if (status >= 400) {
            clientErrors.incrementAndGet();
        }
        if (showFailures && (status >= 400 || status == 0)) {
            showOnce(route, status, body);
        }
    }

    long requests() {
        return requests.get();
    }

    long serverErrors() {
        return serverErrors.get();
    }

    long clientErrors() {
        return clientErrors.get();
    }

    private void showOnce(String route, int status, String body) {
        if (shown.add(route + " " + status)) {
            String text = body == null ? "" : body.replaceAll("\\s+", " ");
            System.out.printf("  first %s answer of %s: %s%n", status == 0 ? "failed (no answer)" : "HTTP " + status, route,
                    text.length() > BODY_SHOWN ? text.substring(0, BODY_SHOWN) + "..." : text);
        }
    }

    /** One line per route, sorted by name: count, failures by kind, p50, p99 and max in milliseconds. */
    void print() {
        System.out.printf("%-44s %7s %5s %5s %5s %9s %9s %9s%n", "route", "count", "4xx", "5xx", "none", "p50 ms", "p99 ms",
                "max ms");
        new TreeMap<>(routes).forEach((name, route) -> route.print(name));
    }

    private static final class Route {
        private final List<Long> micros = new ArrayList<>();
        private long clientErrors;
        private long serverErrors;
        private long unanswered;

        synchronized void add(long latency, int status) {
            micros.add(latency);
            if (status == 0) {
                unanswered++;
            } else if (status >= 500) {
                serverErrors++;
            } else if (status >= 400) {
                clientErrors++;
            }
        }

        synchronized void print(String name) {
            long[] sorted = micros.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(sorted);
            System.out.printf("%-44s %7d %5d %5d %5d %9.1f %9.1f %9.1f%n", name, sorted.length, clientErrors, serverErrors,
                    unanswered, percentile(sorted, 0.50), percentile(sorted, 0.99), sorted[sorted.length - 1] / 1000.0);
        }

        private static double percentile(long[] sorted, double p) {
            int index = (int) Math.ceil(p * sorted.length) - 1;
            return sorted[Math.max(0, index)] / 1000.0;
        }
    }
}
