ALTER TABLE instances DROP COLUMN flavor;
