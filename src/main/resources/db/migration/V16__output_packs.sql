-- Small blobs (a run's many small output files) are stored several to an object, a pack (blobs/packs/<id>): one
-- PUT for thousands of files instead of one each. A packed blob's row in blob_locations names its pack and where
-- in it its bytes are; a blob whose row has no offset is the whole object, as before.
-- Written for both PostgreSQL and H2.
alter table blob_locations add column pack_offset bigint;
alter table blob_locations add column pack_length bigint;

-- Every pack, with the sha256 of its own bytes (checked by backups; named checksum, not *sha256, because it is no
-- blob of its own).
create table blob_packs (
    object_key  varchar(200) primary key,
    size_bytes  bigint       not null,
    checksum    varchar(64)  not null,
    created_at  timestamp with time zone not null
);
