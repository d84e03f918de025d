/**
 * Index files: {@code index/<snapshot-id>.idx}, one per snapshot commit, mapping each chunk that
 * commit stored to its container, offset and length.
 *
 * <p>Terms: an <b>index file</b> is written before the snapshot root that needs it; the <b>chunk
 * index</b> is the in-memory union of all index files, the target's answer to "do we have this
 * chunk and where". A retried commit of the same snapshot id rewrites that id's index file as the
 * union of the old entries and the new ones, so entries are never lost by a retry.
 *
 * <p>Not guaranteed: that the container an entry names exists or holds that chunk (the checker and
 * every read verify that), nor that entries are unique across index files (the first one loaded
 * wins; any copy is as good as another because reads verify the hash).
 */
package dev.ferry.target.index;
