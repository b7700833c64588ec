-- How long capturing a version's output snapshot took (walk, hashing, object store, manifest): part of its timings.
alter table kernel_versions add column capture_millis bigint;

-- Output paths are kept as FileNames shows them, a reversible escaping of the raw bytes of names that are not
-- UTF-8 (\xff); a backslash itself shows as two.
update kernel_version_outputs set path = replace(path, '\', '\\');
