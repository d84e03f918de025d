-- Ferry catalog, version 1. What was copied, from where, into which snapshot.
-- A file version is live in the snapshots [first_snapshot_id, superseded_snapshot_id):
-- creating a snapshot costs rows for what changed, never for the whole tree.

create sequence host_seq increment by 50;
create table host (
    id          bigint primary key,
    name        text not null unique,
    created_at  timestamptz not null
);

create sequence watched_file_seq increment by 50;
create table watched_file (
    id       bigint primary key,
    host_id  bigint not null references host (id),
    root     text not null,   -- the watched root as the agent reported it
    path     text not null,   -- snapshot path: root label + '/' + path below the root
    unique (host_id, path)
);

create sequence chunk_seq increment by 50;
create table chunk (
    id               bigint primary key,
    hash             bytea not null unique check (octet_length(hash) = 32),  -- SHA-256 of the content
    length           integer not null check (length >= 0),
    container_id     text not null,
    container_offset bigint not null,
    stored_length    integer not null,
    first_stored_at  timestamptz not null
);

create table snapshot (
    id           bigint primary key,
    host_id      bigint not null references host (id),
    parent_id    bigint references snapshot (id),
    created_at   timestamptz not null,
    file_count   integer not null,
    total_bytes  bigint not null
);

create sequence file_version_seq increment by 50;
create table file_version (
    id                      bigint primary key,
    file_id                 bigint not null references watched_file (id),
    size                    bigint not null,
    mtime_ns                bigint not null,
    mode                    integer not null,
    device                  bigint not null,
    inode                   bigint not null,
    saved_at                timestamptz not null,
    first_snapshot_id       bigint not null references snapshot (id),
    superseded_snapshot_id  bigint references snapshot (id)
);
create index file_version_live on file_version (file_id) where superseded_snapshot_id is null;

create table version_chunk (
    version_id   bigint not null references file_version (id),
    seq          integer not null,
    chunk_id     bigint not null references chunk (id),
    file_offset  bigint not null,
    length       integer not null,
    fingerprint  bigint not null,   -- XXH3-64 as the agent computed it; decides change within one file's history only
    primary key (version_id, seq)
);

create table drain_position (
    host_id        bigint primary key references host (id),
    journal_index  bigint not null,
    updated_at     timestamptz not null
);

create sequence drain_run_seq increment by 50;
create table drain_run (
    id             bigint primary key,
    started_at     timestamptz not null,
    finished_at    timestamptz,
    outcome        text not null,
    records_read   integer not null default 0,
    files_copied   integer not null default 0,
    files_deleted  integer not null default 0,
    files_skipped  integer not null default 0,
    chunks_written integer not null default 0,
    bytes_written  bigint not null default 0,
    snapshot_id    bigint references snapshot (id),
    message        text
);

create sequence skipped_file_seq increment by 50;
create table skipped_file (
    id       bigint primary key,
    run_id   bigint not null references drain_run (id),
    path     text not null,
    reason   text not null
);
