/**
 * Block maps: a file cut into content-defined chunks.
 *
 * <p>Terms: a <em>chunk</em> (a {@link dev.ferry.monitor.blockmap.Block}) is a byte range of one
 * file version whose boundaries depend on content, not on offsets, so an insert shifts only the
 * chunks around it; its <em>fingerprint</em> is XXH3-64 of its bytes. A <em>block map</em> lists a
 * version's chunks from offset 0 without gaps.
 *
 * <p>{@link dev.ferry.monitor.blockmap.FastCdc} is hand-written: no maintained Java FastCDC library
 * exists (the Rust {@code fastcdc} crate and Go ports have no Java counterpart on Maven Central
 * with recent releases), and the algorithm is a 40-line loop whose cut points we must freeze
 * anyway, since they are part of what the copy manager dedupes against.
 *
 * <p>Speed without changing a cut point: {@code CutCandidates} finds where cuts may fall in a whole
 * buffer at once (the gear hash forgets bytes older than 63, so candidates do not depend on chunk
 * starts), and {@link dev.ferry.monitor.blockmap.BlockMapper} shares reading, scanning and hashing
 * of large reads with one helper thread per JVM ({@code ferry-blockmap-helper}), which it never
 * waits for long.
 *
 * <p>NOT guaranteed: fingerprints are not collision resistant and must never decide what is stored
 * for another host (the drain uses SHA-256 for that); a block map of a file that changed while
 * being read may mix versions; chunk sizes are bounded by min/max except the last chunk of a file,
 * which may be shorter than min.
 */
package dev.ferry.monitor.blockmap;
