--liquibase formatted sql

--changeset carol:s1
CREATE TABLE s (id INT);
--rollback DROP TABLE s;

--changeset "Carol Ann":s2 runOnChange:true
INSERT INTO s VALUES (1);

--changeset carol:s3 dbms:postgresql
SELECT 1;

--changeset carol:s4
UPDATE s SET id = 2;
/* liquibase rollback
UPDATE s SET id = 1;
*/
