package io.cqrsrouting.spring.apps.jpa;

import java.util.concurrent.Callable;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;

/** Post/redirect/get, as browsers do it; a read before the write, as forms validate. */
@Controller
public class CustomerController {

    private final CustomerRepository customers;
    private final CustomerService service;
    private final JdbcTemplate jdbc;
    private final AsyncGate gate;

    public CustomerController(CustomerRepository customers, CustomerService service,
            JdbcTemplate jdbc, AsyncGate gate) {
        this.customers = customers;
        this.service = service;
        this.jdbc = jdbc;
        this.gate = gate;
    }

    /**
     * A page that reads (with open-in-view its EntityManager now holds a standby connection),
     * renames with a plain JdbcTemplate update (autocommit, on the primary), and shows the
     * result through a read-your-writes read.
     */
    @PostMapping("/customers/{id}/quick-rename")
    @ResponseBody
    public String quickRename(@PathVariable long id, @RequestParam String name) {
        customers.servedBy();
        jdbc.update("update shop_customer set name = ? where id = ?", name, id);
        return service.nameAndNode(id);
    }

    /** A rename with a bare JdbcTemplate update: no transaction, no annotation (autocommit). */
    @PostMapping("/customers/{id}/jdbc-name")
    public String renameWithJdbc(@PathVariable long id, @RequestParam String name) {
        jdbc.update("update shop_customer set name = ? where id = ?", name, id);
        return "redirect:/customers/" + id;
    }

    /**
     * Reads (open-in-view: the EntityManager now holds a standby connection), renames with a
     * JdbcTemplate update (another connection: the primary), then shows the name through a plain
     * repository read, with no consistency annotation: the session's own write must be seen.
     */
    @PostMapping("/customers/{id}/rename-and-show")
    @ResponseBody
    public String renameAndShow(@PathVariable long id, @RequestParam String name) {
        customers.servedBy();
        jdbc.update("update shop_customer set name = ? where id = ?", name, id);
        return customers.nameAndNode(id);
    }

    /** The same rename through a plain transactional service (entity flushed at commit). */
    @PostMapping("/customers/{id}/service-name")
    public String renameThroughService(@PathVariable long id, @RequestParam String name) {
        service.rename(id, name);
        return "redirect:/customers/" + id;
    }

    @PostMapping("/customers")
    public String create(@RequestParam String name) {
        if (customers.existsByName(name)) {
            return "redirect:/customers?duplicate=" + name;
        }
        return "redirect:/customers/" + customers.save(new Customer(name)).getId();
    }

    @PostMapping("/customers/async")
    public Callable<String> createLater(@RequestParam String name) {
        return () -> {
            gate.pass();
            return "redirect:/customers/" + customers.save(new Customer(name)).getId();
        };
    }

    @PostMapping("/customers/{id}/name")
    public String rename(@PathVariable long id, @RequestParam String name) {
        Customer customer = customers.findById(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        customers.rename(customer.getId(), name);
        return "redirect:/customers/" + id;
    }

    @GetMapping("/customers/{id}")
    @ResponseBody
    public String show(@PathVariable long id) {
        return customers.findById(id).map(Customer::getName)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }

    @GetMapping("/status/db-node")
    @ResponseBody
    public String node() {
        return customers.servedBy();
    }
}
