-- Symbolic links are copied as links (issue 3): a version of a link has no chunks and this text.
alter table file_version add column link_target text;
