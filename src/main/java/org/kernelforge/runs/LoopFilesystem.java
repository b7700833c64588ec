package org.kernelforge.runs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A size-capped directory: a sparse ext4 image loop-mounted on the host (needs root and loop
 * devices). Writes past the cap fail with ENOSPC; the host disk never holds more than the image.
 */
final class LoopFilesystem {

    static final String KERNEL_USER = "1000:1000";
    private static final long SLACK = 64 * 1024;
    /** Image size that gave the wanted usable bytes, learned once per size so later runs format once. */
    private static final Map<Long, Long> FITTED = new ConcurrentHashMap<>();

    private LoopFilesystem() {
    }

    /** Creates {@code image} so that about {@code maxBytes} are usable, and mounts it at {@code mountPoint}. */
    static void createAndMount(Path image, Path mountPoint, long maxBytes) throws IOException {
        Files.createDirectories(mountPoint);
        long size = FITTED.getOrDefault(maxBytes, maxBytes + maxBytes / 32 + 2 * 1024 * 1024);
        format(image, size);
        mount(image, mountPoint);
        // the filesystem's own overhead is known once it exists: shrink the image until it fits
        for (int pass = 0; pass < 4; pass++) {
            long excess = usableBytes(mountPoint) - maxBytes;
            if (excess <= SLACK) {
                break;
            }
            unmount(mountPoint);
            size -= excess;
            format(image, size);
            mount(image, mountPoint);
        }
        FITTED.put(maxBytes, size);
        Files.deleteIfExists(mountPoint.resolve("lost+found"));
    }

    static void unmount(Path mountPoint) throws IOException {
        try {
            exec(List.of("umount", mountPoint.toString()));
        } catch (IOException busy) {
            exec(List.of("umount", "-l", mountPoint.toString()));
        }
    }

    static long usableBytes(Path dir) throws IOException {
        return Files.getFileStore(dir).getUsableSpace();
    }

    /** Whether {@code dir} is itself a mount point (then it is a bounded filesystem of its own). */
    static boolean isMountPoint(Path dir) {
        try {
            return mountTargets().contains(dir.toRealPath().toString());
        } catch (IOException e) {
            return false;
        }
    }

    /** Where something is mounted, in this process's view; a path mounted twice is listed twice. */
    static List<String> mountTargets() throws IOException {
        List<String> targets = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
            String[] fields = line.split(" ");
            if (fields.length > 4) {
                targets.add(unescape(fields[4]));
            }
        }
        return targets;
    }

    private static void format(Path image, long size) throws IOException {
        Files.deleteIfExists(image);
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(size); // sparse: no disk used until written
        }
        // one inode per 8 KiB (mkfs's default is 16 KiB): a 1 GiB output holds the 100,000 files of the default
        // file limit (kernelforge.runs.limits.output-max-files) instead of running out of inodes at 65,536
        exec(List.of("mkfs.ext4", "-q", "-F", "-m", "0", "-b", "4096", "-i", "8192", "-O", "^has_journal,^resize_inode",
                "-E", "root_owner=" + KERNEL_USER, image.toString()));
    }

    static void mount(Path image, Path mountPoint) throws IOException {
        exec(List.of("mount", "-o", "loop,nosuid,nodev", image.toString(), mountPoint.toString()));
    }

    static String unescape(String field) {
        return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }

    static void exec(List<String> command) throws IOException {
        Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(command.get(0) + " timed out");
            }
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed (" + process.exitValue() + "): " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted: " + command.get(0), e);
        }
    }
}
