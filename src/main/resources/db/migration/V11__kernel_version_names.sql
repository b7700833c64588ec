-- The name an author may give a version when pushing it (Kaggle's "version name"), shown in the version lists.
alter table kernel_versions add column version_name varchar(200);

-- Column statistics of a CSV file (count, missing, distinct, min/max/mean), computed once and kept by the file's
-- content: versions that share a file share its statistics. JSON, as the API answers it.
create table dataset_column_stats (
    file_sha256 varchar(64)      not null primary key,
    stats_json  varchar(1000000) not null,
    computed_at timestamp with time zone not null
);
