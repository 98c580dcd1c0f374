package io.cqrsrouting.spring.apps.jdbc;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;

/** Post/redirect/get, with a read before the write. */
@Controller
public class BookController {

    private final BookRepository books;

    public BookController(BookRepository books) {
        this.books = books;
    }

    @PostMapping("/books")
    public String add(@RequestParam String title) {
        if (books.existsByTitle(title)) {
            return "redirect:/books?duplicate";
        }
        return "redirect:/books/" + books.save(new Book(title)).getId();
    }

    @GetMapping("/books/{id}")
    @ResponseBody
    public String show(@PathVariable long id) {
        return books.findById(id).map(Book::getTitle)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }
}
