package org.kernelforge.runs;

import java.nio.file.Path;

/**
 * The host directories of one run, made by {@link WorkingDirectories#create}.
 *
 * @param root               holds the images and mount points; never mounted into the container
 * @param working            /kaggle/working: the output
 * @param platform           /kaggle/.platform: executed notebook, HTML
 * @param filesystemBounded  true when both are loop-mounted images (ENOSPC past the cap); false
 *                           when they are plain directories whose size the runner polls
 */
public record RunDirectories(Path root, Path working, Path platform, boolean filesystemBounded) {
}
