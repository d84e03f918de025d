-- A catalog rebuilt from the target alone (ferry catalog rebuild, issue 4) cannot know what only
-- the workstation saw: the watched root's absolute path, and a version's device, inode and save
-- time. Null means "not known"; the drain reads none of them, and fills in a watched file's root
-- the next time it copies that file.
alter table watched_file alter column root drop not null;
alter table file_version alter column device drop not null;
alter table file_version alter column inode drop not null;
alter table file_version alter column saved_at drop not null;
