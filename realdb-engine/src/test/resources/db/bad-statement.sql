CREATE TABLE t (id INT PRIMARY KEY);
INSERT INTO t VALUES (1);

-- the next statement is broken on purpose
INSERT INTO t VALUES (2),
  (3;
INSERT INTO t VALUES (4);
