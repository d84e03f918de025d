package dev.ferry.target.container;

import dev.ferry.target.ChunkHash;

/**
 * One row of a container's chunk table.
 *
 * @param offset from the start of the data section
 * @param storedLength bytes on disk
 * @param plainLength bytes after decoding; equal to storedLength while flags is 0
 * @param flags {@link ContainerFormat#FLAG_ZSTD} for one zstd frame, else 0 (always 0 in format
 *     version 1)
 * @param pathIndex row of the path table naming the file that first brought the chunk
 */
public record ContainerEntry(
    ChunkHash hash, long offset, int storedLength, int plainLength, int flags, int pathIndex) {}
