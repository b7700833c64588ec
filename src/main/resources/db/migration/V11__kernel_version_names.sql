-- The name an author may give a version when pushing it (Kaggle's "version name"), shown in the version lists.
alter table kernel_versions add column version_name varchar(200);
