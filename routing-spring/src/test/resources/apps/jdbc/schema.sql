CREATE TABLE IF NOT EXISTS library_book (
    id bigserial PRIMARY KEY,
    title text NOT NULL
);
