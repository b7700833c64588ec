-- Where a blob's bytes are when they are not under their canonical key (blobs/sha256/xx/<sha256>): content
-- streamed to the object store while it arrived, before its sha256 was known, stays under the key it was sent to
-- (S3 has no rename, and a copy would move every byte again). Blobs without a row are under their canonical key.
-- Written for both PostgreSQL and H2.
create table blob_locations (
    sha256     varchar(64)  primary key,
    object_key varchar(200) not null,
    created_at timestamp with time zone not null
);
