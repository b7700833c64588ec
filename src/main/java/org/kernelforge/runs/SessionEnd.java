package org.kernelforge.runs;

/**
 * Why a session's container ended.
 *
 * @param reason {@code stopped} (asked to), {@code out_of_memory}, {@code exited} (the kernel or relay died),
 *               {@code timeout} (longest lifetime reached) or {@code platform} (the engine failed)
 * @param detail a sentence a person can read, never a host path
 */
public record SessionEnd(String reason, String detail) {
}
