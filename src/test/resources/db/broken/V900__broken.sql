-- A migration that fails half way: the table it creates first must not survive.
CREATE TABLE half_done (id INT);
INSERT INTO half_done VALUES (1);
SELECT no_such_function_at_all();
