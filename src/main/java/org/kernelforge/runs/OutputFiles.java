package org.kernelforge.runs;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** Walks a working directory without following symlinks: what a kernel wrote is untrusted. */
final class OutputFiles {

    private OutputFiles() {
    }

    /** Longest shown path kept (the manifest's column); a deeper or longer name is skipped with a note. */
    static final int MAX_PATH_CHARS = 1024;

    static OutputListing list(Path root) throws IOException {
        return list(root, Integer.MAX_VALUE);
    }

    /**
     * Lists at most {@code maxFiles} entries: the walk stops at the one past the limit, so a tree of millions of
     * files costs no more than the limit to refuse. Names are read as raw bytes ({@link FileNames}).
     */
    static OutputListing list(Path root, int maxFiles) throws IOException {
        Path base = root.toAbsolutePath().normalize();
        List<OutputFile> files = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        boolean[] overLimit = {false};
        Files.walkFileTree(base, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String rel = FileNames.escape(FileNames.relativeBytes(base, file));
                if (!attrs.isRegularFile() && !attrs.isSymbolicLink()) {
                    skipped.add(rel + ": not a regular file");
                } else if (rel.length() > MAX_PATH_CHARS) {
                    skipped.add(rel.substring(0, 80) + "...: a path longer than " + MAX_PATH_CHARS + " characters");
                } else if (files.size() == maxFiles) {
                    overLimit[0] = true;
                    return FileVisitResult.TERMINATE;
                } else if (attrs.isRegularFile()) {
                    files.add(new OutputFile(rel, attrs.size(), plainMode(file, attrs), null));
                } else {
                    Path target = Files.readSymbolicLink(file);
                    if (file.getParent().resolve(target).normalize().startsWith(base)) {
                        files.add(new OutputFile(rel, 0, 0777, target.toString()));
                    } else {
                        skipped.add(rel + ": symlink pointing outside the working directory");
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                // the reason in words, never the exception's message: it holds the host's path
                skipped.add(FileNames.escape(FileNames.relativeBytes(base, file)) + ": unreadable");
                return FileVisitResult.CONTINUE;
            }
        });
        files.sort(Comparator.comparing(OutputFile::path));
        return new OutputListing(List.copyOf(files), List.copyOf(skipped), overLimit[0]);
    }

    /** Sum of the apparent sizes of the regular files below {@code root} (sparse files count fully). */
    static long apparentBytes(Path root) {
        long[] total = {0};
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        total[0] += attrs.size();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // files vanish while the kernel runs
                }
            });
        } catch (IOException e) {
            return total[0];
        }
        return total[0];
    }

    /**
     * 0755 when the owner may execute the file, else 0644: setuid, setgid and sticky bits and whatever write
     * access the kernel granted to others are not part of an output.
     */
    private static int plainMode(Path file, BasicFileAttributes attrs) throws IOException {
        Set<PosixFilePermission> permissions = attrs instanceof PosixFileAttributes posix ? posix.permissions()
                : Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
        return permissions.contains(PosixFilePermission.OWNER_EXECUTE) ? 0755 : 0644;
    }
}
