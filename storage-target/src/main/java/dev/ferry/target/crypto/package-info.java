/**
 * Encryption at rest for disk targets (issue 4): AES-256-GCM under a random master key, which the
 * {@code ferry-target} file keeps wrapped under a key from a passphrase or a key file.
 *
 * <p>Terms: the <b>master key</b> is 32 random bytes made when an encrypted target is created and
 * never changed; the <b>KEK</b> (key-encryption key) is derived from what the user holds and only
 * unwraps the master key, so changing the passphrase rewrites one small file. To <b>seal</b> is to
 * encrypt and authenticate one object (a chunk, a container header, an index file, a root) with a
 * fresh random nonce and associated data naming the object, so a sealed blob copied to another
 * place does not open there. {@link dev.ferry.target.crypto.TargetKeys} does all sealing; {@link
 * dev.ferry.target.crypto.TargetKeys#NONE} leaves bytes alone in an unencrypted target.
 *
 * <p>Not guaranteed: hiding sizes and counts (file sizes, chunk counts, how many snapshots and when
 * they were written can be estimated from file sizes and times), rollback (an attacker with write
 * access can put back an older sealed file under the same name, or delete files), or safety of the
 * secret in memory (it stays in the heap while the target is open).
 */
package dev.ferry.target.crypto;
