-- Where the user's code raised, read from the runner's failure report: the notebook cell (from 1) and the line.
alter table kernel_versions add column failure_cell INTEGER;
alter table kernel_versions add column failure_line INTEGER;
