-- Lower-casing cannot be undone; the downgrade keeps the data as it is.
SELECT 1;
