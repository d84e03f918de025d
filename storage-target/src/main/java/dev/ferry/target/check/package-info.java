/**
 * The checker behind {@code DiskTarget.verify}: reads the target from scratch (not through the open
 * target's caches) and reports every damage with the snapshot files it breaks.
 *
 * <p>Terms: a <b>structure check</b> reads each container's trailer and header, each index file and
 * each snapshot root; a <b>data check</b> also reads every container byte, checking the trailer
 * CRC32C and each chunk's SHA-256, on all containers or on a {@link dev.ferry.target.DataSubset}. A
 * damage's <b>reach</b> is the set of (snapshot id, entry path) whose restore it makes fail. A
 * symbolic link entry has no chunks: parsing its root checks all there is to it (its text is data,
 * never resolved), so no damage to data can affect it.
 *
 * <p>Not guaranteed: consistency with a writer committing at the same time (a container written but
 * not yet indexed is simply not checked), nor any repair: the checker only reads.
 */
package dev.ferry.target.check;
