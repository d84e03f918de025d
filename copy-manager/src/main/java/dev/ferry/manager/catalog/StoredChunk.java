package dev.ferry.manager.catalog;

import dev.ferry.target.ChunkLocation;

/** A chunk on the target, and where it lives there: written by this drain or found there. */
public record StoredChunk(byte[] hash, int length, ChunkLocation location) {}
