"""Storage: the only layer with SQL. Opens, migrates and reads/writes the database."""
