package io.cqrsrouting.spring.observation.app;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;

/** Post/redirect/get over the ledger. */
@Controller
public class LedgerController {

    private final Ledger ledger;

    public LedgerController(Ledger ledger) {
        this.ledger = ledger;
    }

    @PostMapping("/entries")
    public String add(@RequestParam String note) {
        return "redirect:/entries/" + ledger.add(note);
    }

    @GetMapping("/entries/{id}")
    @ResponseBody
    public String show(@PathVariable long id) {
        String note = ledger.note(id);
        if (note == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        return note;
    }
}
