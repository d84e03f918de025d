/**
 * Containers: the files under {@code data/} that hold chunk bytes.
 *
 * <p>Terms: a <b>container</b> is magic, version, a <b>header</b> (container id, path table, chunk
 * table) with its own CRC32C, the <b>data section</b> (chunk bytes back to back, in table order)
 * and a <b>trailer</b> (total length, CRC32C over everything before it, end magic). Offsets in the
 * chunk table count from the start of the data section. The byte layout is in {@code
 * src-docs/target-format.md}.
 *
 * <p>{@link dev.ferry.target.container.ContainerBuilder} assembles one in memory; {@link
 * dev.ferry.target.container.ContainerReader} parses and checks one from a file channel. A chunk's
 * <b>stored bytes</b> are its plain bytes or one zstd frame of them (chunk flag bit 0, version 2):
 * {@link dev.ferry.target.container.ChunkCompressor} makes them for a writer, {@link
 * dev.ferry.target.container.ChunkDecoder} turns them back for a reader under the frame rules. Also
 * home to the strict field reader and writer the index and snapshot codecs share. In an encrypted
 * target (version 3) the builder seals the header body and every chunk after encoding, and the
 * reader and decoder open them first, with the target's {@code crypto.TargetKeys}.
 *
 * <p>Not guaranteed here: durability (the caller writes through {@code disk.AtomicFiles}), that a
 * container is referenced by any index, or that a chunk's plain bytes match its hash (the caller
 * checks that after decoding, when it reads the chunk).
 */
package dev.ferry.target.container;
