-- The language a version's code is in (python or r), which decides how it runs; versions before R kernels were Python.
alter table kernel_versions add column language varchar(16) default 'python' not null;
