-- Block map rows are a drain's largest volume (one per block: ~50,000 for a 2 GiB first copy,
-- ~18,000 per day for a workstation with a disk image and a database edited in place). Their two
-- foreign keys made PostgreSQL run two row triggers per row, most of the COPY's time; the rows are
-- only ever written by a drain (and a rebuild) in the transaction that inserted or found the
-- version and chunk they name, and no catalog row is ever deleted. Decision 0018 has the measurements
-- and what a future delete must do instead.
alter table version_chunk drop constraint version_chunk_version_id_fkey;
alter table version_chunk drop constraint version_chunk_chunk_id_fkey;
