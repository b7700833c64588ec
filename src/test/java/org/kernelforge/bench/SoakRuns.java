package org.kernelforge.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every kernel version the soak pushed, and at the end how each one ended. A version still queued or running
 * once the load has stopped and the queue has had time to drain is lost; so is a push that got no version number.
 */
final class SoakRuns {

    private static final long POLL_MILLIS = 500;

    record Pushed(SoakClient client, String owner, String slug, int version) {
        String path() {
            return "/api/kernels/" + owner + "/" + slug + "/versions/" + version;
        }
    }

    private final List<Pushed> pushed = new CopyOnWriteArrayList<>();

    void add(Pushed version) {
        pushed.add(version);
    }

    int count() {
        return pushed.size();
    }

    /** Waits until every version has ended or the deadline has passed; answers the count of each final status. */
    Map<String, Integer> drain(long deadlineNanos) throws InterruptedException {
        Map<String, Integer> outcomes = new TreeMap<>();
        for (Pushed version : pushed) {
            outcomes.merge(awaitEnd(version, deadlineNanos), 1, Integer::sum);
        }
        return outcomes;
    }

    private static String awaitEnd(Pushed version, long deadlineNanos) throws InterruptedException {
        String status = "unknown";
        do {
            SoakClient.Answer answer = version.client().get("drain: GET api version", version.path());
            if (answer.ok()) {
                JsonNode json = answer.json();
                status = json.path("status").asText("unknown");
                if (!status.equals("queued") && !status.equals("running")) {
                    return status;
                }
            }
            Thread.sleep(POLL_MILLIS);
        } while (System.nanoTime() < deadlineNanos);
        return "LOST (" + status + ")";
    }
}
