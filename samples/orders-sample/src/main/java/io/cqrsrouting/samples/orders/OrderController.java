package io.cqrsrouting.samples.orders;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/** Post/redirect/get over orders, and the report. */
@RestController
public class OrderController {

    private final OrderRepository orders;
    private final OrderReport report;

    public OrderController(OrderRepository orders, OrderReport report) {
        this.orders = orders;
        this.report = report;
    }

    @PostMapping("/orders")
    public ResponseEntity<Void> place(@RequestParam String item) {
        PurchaseOrder saved = orders.save(new PurchaseOrder(item));
        return ResponseEntity.status(HttpStatus.SEE_OTHER)
                .location(URI.create("/orders/" + saved.getId())).build();
    }

    @GetMapping("/orders/{id}")
    public ResponseEntity<String> show(@PathVariable long id) {
        return orders.findById(id).map(o -> ResponseEntity.ok(o.getItem()))
                .orElse(ResponseEntity.notFound().build());
    }

    @GetMapping("/orders/report")
    public OrderReport.Report report() {
        return report.report();
    }
}
