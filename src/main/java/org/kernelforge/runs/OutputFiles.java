package org.kernelforge.runs;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** Walks a working directory without following symlinks: what a kernel wrote is untrusted. */
final class OutputFiles {

    private OutputFiles() {
    }

    static OutputListing list(Path root) throws IOException {
        Path base = root.toAbsolutePath().normalize();
        List<OutputFile> files = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Files.walkFileTree(base, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String rel = relative(base, file);
                if (attrs.isRegularFile()) {
                    files.add(new OutputFile(rel, attrs.size(), mode(file), null));
                } else if (attrs.isSymbolicLink()) {
                    String target = Files.readSymbolicLink(file).toString();
                    if (file.getParent().resolve(target).normalize().startsWith(base)) {
                        files.add(new OutputFile(rel, 0, 0777, target));
                    } else {
                        skipped.add(rel + ": symlink pointing outside the working directory");
                    }
                } else {
                    skipped.add(rel + ": not a regular file");
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                skipped.add(relative(base, file) + ": unreadable (" + e.getMessage() + ")");
                return FileVisitResult.CONTINUE;
            }
        });
        files.sort(Comparator.comparing(OutputFile::path));
        return new OutputListing(List.copyOf(files), List.copyOf(skipped));
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

    private static String relative(Path base, Path file) {
        return base.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    private static int mode(Path file) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        int mode = 0;
        for (PosixFilePermission p : permissions) {
            mode |= 1 << (8 - p.ordinal());
        }
        return mode;
    }
}
