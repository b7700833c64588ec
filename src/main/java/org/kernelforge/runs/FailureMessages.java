package org.kernelforge.runs;

import java.time.Duration;
import java.util.Locale;

/** The sentences users read when a run fails, with sizes and times in human units. */
final class FailureMessages {

    static final String COMPLETED = "Completed";
    static final String NO_GPU = "This deployment has no GPU: the Docker engine cannot provide one to kernels";
    static final String NO_INTERNET = "Internet access is not available on this deployment";

    private FailureMessages() {
    }

    static String outOfMemory(long memoryBytes) {
        return "The kernel used more than " + bytes(memoryBytes) + " of memory and was stopped";
    }

    static String timeout(Duration limit) {
        return "The run exceeded its time limit of " + duration(limit) + " and was stopped";
    }

    static String outputTooLarge(long outputMaxBytes) {
        return "The output in /kaggle/working reached the limit of " + bytes(outputMaxBytes)
                + "; writes past it failed or the run was stopped";
    }

    static String tooManyOutputFiles(int maxFiles) {
        return String.format(Locale.ROOT, "The run left more than %,d files in /kaggle/working, the limit of this deployment; "
                + "no output was kept. Write many small files into an archive (zip, tar) or a single table instead", maxFiles);
    }

    static String platformFilesTooLarge(long platformMaxBytes) {
        return "The run's platform files in /kaggle/.platform exceeded " + bytes(platformMaxBytes)
                + " and the run was stopped";
    }

    static String cancelled() {
        return "The run was cancelled";
    }

    static String exception(int exitCode) {
        return "The kernel failed with exit code " + exitCode + signalHint(exitCode);
    }

    /** The run's image is gone; the kernels feature tells which environment version it was. */
    static String imageMissing(String image, String where) {
        return "The image " + image + " this run is pinned to is no longer on " + where
                + " (it was removed), so the run cannot start";
    }

    static String engineUnreachable() {
        return "The Docker engine was out of reach, so the run could not start; commit again";
    }

    /** The engine went away under a started run: without live restore it stops every container when it goes down. */
    static String engineStopped() {
        return "The Docker engine stopped while this version ran (it restarted or crashed), which ended the run "
                + "through no fault of the kernel; commit again";
    }

    /** A cluster node went down (or lost the manager) under a run: the user's fault in none of it. */
    static String nodeLost(String node) {
        return "The node " + node + " that ran this version stopped during the run, which ended it through no fault "
                + "of the kernel; commit again";
    }

    static String serviceGone(String serviceId) {
        return "The run's swarm service " + shortId(serviceId) + " is gone; the run cannot be finished";
    }

    static String containerGone(String containerId) {
        return "The run's container " + shortId(containerId)
                + " is gone (the Docker engine or the host restarted); the run cannot be finished";
    }

    /** Whether the error, or one of its causes, is a connection to the engine that failed (refused, cut). */
    static boolean causedByIo(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    static String bytes(long bytes) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " bytes" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    static String duration(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < 120) {
            return seconds + " s";
        }
        if (seconds < 7200) {
            return seconds / 60 + (seconds % 60 == 0 ? " min" : " min " + seconds % 60 + " s");
        }
        return seconds / 3600 + (seconds % 3600 == 0 ? " h" : " h " + seconds % 3600 / 60 + " min");
    }

    static String shortId(String containerId) {
        return containerId != null && containerId.length() > 12 ? containerId.substring(0, 12) : containerId;
    }

    private static String signalHint(int exitCode) {
        return switch (exitCode) {
            case 137 -> " (killed with SIGKILL)";
            case 139 -> " (segmentation fault)";
            case 143 -> " (terminated with SIGTERM)";
            default -> "";
        };
    }
}
