package dev.ferry.target;

/**
 * What a prune did.
 *
 * @param snapshots snapshot roots read to find the chunks in use
 * @param chunksInUse distinct chunks those snapshots reference
 * @param chunksRemoved index entries dropped: chunks no snapshot references
 * @param containersDeleted containers deleted (wholly unused, or emptied by repacking)
 * @param containersRepacked partly used containers whose used chunks were copied to new ones
 * @param containersWritten new containers holding the repacked chunks
 * @param bytesReclaimed stored bytes freed, less what the new containers hold
 * @param indexFilesReplaced index files merged into the one prune wrote
 * @param segmentsDeleted segment files no remaining root names (of forgotten snapshots, or left by
 *     a writer that crashed before its root)
 */
public record PruneReport(
    int snapshots,
    long chunksInUse,
    long chunksRemoved,
    int containersDeleted,
    int containersRepacked,
    int containersWritten,
    long bytesReclaimed,
    int indexFilesReplaced,
    int segmentsDeleted) {}
