package io.cqrsrouting.spring.apps.jdbc;

import java.util.List;

import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

/** A plain Spring Data JDBC repository: no routing annotation. */
public interface BookRepository extends ListCrudRepository<Book, Long> {

    List<Book> findByTitle(String title);

    boolean existsByTitle(String title);

    /** Which database node answers this repository's reads (for the library's status page). */
    @Query("select current_setting('cluster_name')")
    String servedBy();

    @Modifying
    @Query("update library_book set title = :title where id = :id")
    boolean retitle(long id, String title);
}
