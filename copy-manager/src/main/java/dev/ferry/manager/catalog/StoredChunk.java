package dev.ferry.manager.catalog;

import dev.ferry.target.ChunkLocation;

/** A chunk a drain wrote to the target, and where it landed. */
public record StoredChunk(byte[] hash, int length, ChunkLocation location) {}
