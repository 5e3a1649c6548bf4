UPDATE s SET id = 3;
