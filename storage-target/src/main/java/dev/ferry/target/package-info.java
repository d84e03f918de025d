/**
 * Storage targets: where Ferry keeps copies.
 *
 * <p>The public API lives here: {@link dev.ferry.target.Target}, the contract every target keeps,
 * with {@link dev.ferry.target.DiskTarget} for disks and {@code memory.MemoryTarget} in memory for
 * tests; everything else in sub-packages is internal. Terms:
 *
 * <ul>
 *   <li><b>chunk</b>: a run of file bytes, named by its SHA-256 ({@link
 *       dev.ferry.target.ChunkHash}); stored once per target however many files or snapshots use
 *       it.
 *   <li><b>container</b>: a file under {@code data/} holding many chunks, with a header that lists
 *       them and the file paths that brought them in, and a checksummed trailer. A chunk is stored
 *       plain or, when that saves at least 1/32, as one zstd frame ({@link
 *       dev.ferry.target.Compression}); its hash is always of the plain bytes.
 *   <li><b>index</b>: one file per snapshot commit mapping chunk hash to container location.
 *   <li><b>snapshot root</b>: one snapshot's summary and the table of the <b>segments</b> (files
 *       under {@code segments/}, shared between snapshots) holding its entries: regular files, each
 *       with its ordered chunk list, and symbolic links, each with its text ({@link
 *       dev.ferry.target.FileEntry#symlink}), which is data that nothing here ever follows.
 * </ul>
 *
 * <p>The byte-level format is specified in {@code src-docs/target-format.md}; where code and spec
 * disagree, that is a bug in one of them.
 *
 * <p>Encryption at rest: a target created with a {@link dev.ferry.target.TargetCredential} (key
 * file or passphrase) seals everything it writes with AES-256-GCM and opens only with that
 * credential ({@link dev.ferry.target.WrongKeyException} otherwise, before anything is read); see
 * {@code src-docs/key-management.md}.
 *
 * <p>Not guaranteed: protection against an attacker who can write to an unencrypted target (no
 * authentication there), or who rolls back or deletes files of an encrypted one; hiding the sizes
 * and counts of an encrypted target's files. Chunks and segments no snapshot uses stay until {@link
 * dev.ferry.target.DiskTarget#prune}.
 */
package dev.ferry.target;
