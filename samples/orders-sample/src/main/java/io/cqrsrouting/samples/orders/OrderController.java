package io.cqrsrouting.samples.orders;

import java.net.URI;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Post/redirect/get over orders, and the report; {@code via=jpa|jdbc|jooq|mybatis} picks the data
 * access API (JPA for writes and JdbcTemplate for the report by default).
 */
@RestController
public class OrderController {

    private final OrderRepository orders;
    private final Map<String, OrderStore> stores;

    public OrderController(OrderRepository orders, Map<String, OrderStore> stores) {
        this.orders = orders;
        this.stores = stores;
    }

    @PostMapping("/orders")
    public ResponseEntity<Void> place(@RequestParam String item,
            @RequestParam(defaultValue = "jpa") String via) {
        long id = store(via).place(item);
        return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create("/orders/" + id)).build();
    }

    @GetMapping("/orders/{id}")
    public ResponseEntity<String> show(@PathVariable long id) {
        return orders.findById(id).map(o -> ResponseEntity.ok(o.getItem()))
                .orElse(ResponseEntity.notFound().build());
    }

    @GetMapping("/orders/report")
    public OrderStore.Report report(@RequestParam(defaultValue = "jdbc") String via) {
        return store(via).report();
    }

    private OrderStore store(String via) {
        OrderStore store = stores.get(via + "Orders");
        if (store == null) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "via must be one of jpa, jdbc, jooq, mybatis");
        }
        return store;
    }
}
