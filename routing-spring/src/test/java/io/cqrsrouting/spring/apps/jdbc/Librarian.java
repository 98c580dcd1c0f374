package io.cqrsrouting.spring.apps.jdbc;

import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** An application service with plain {@code @Transactional} methods. */
@Service
public class Librarian {

    private final BookRepository books;

    public Librarian(BookRepository books) {
        this.books = books;
    }

    /** Adds a series in one read-write transaction. */
    @Transactional
    public List<Book> addSeries(String... titles) {
        return java.util.Arrays.stream(titles).map(t -> books.save(new Book(t))).toList();
    }

    /** Reads in one read-only transaction. */
    @Transactional(readOnly = true)
    public List<Book> titled(String title) {
        return books.findByTitle(title);
    }
}
