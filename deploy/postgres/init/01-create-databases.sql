-- One database per service (SPEC §1): no service reads another service's tables.
-- The postgres image runs this once, as POSTGRES_USER, when the data volume is empty.
-- For an existing or external server (k8s), run it by hand: psql -f 01-create-databases.sql
CREATE DATABASE artstore_admin;
CREATE DATABASE artstore_se_01;
CREATE DATABASE artstore_se_02;
CREATE DATABASE artstore_se_03;
CREATE DATABASE artstore_ingester;
CREATE DATABASE artstore_query;
