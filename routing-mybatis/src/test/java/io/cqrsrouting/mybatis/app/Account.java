package io.cqrsrouting.mybatis.app;

import java.io.Serializable;

/** A user account row, plus the node that served the read that produced it. */
public class Account implements Serializable {

    private static final long serialVersionUID = 1L;

    private Long id;
    private String name;
    private String writtenBy;
    private String servedBy;

    public Account() {
    }

    public Account(String name) {
        this.name = name;
    }

    public Long getId() {
        return id;
    }

    public void setId(Long id) {
        this.id = id;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    /** @return the node that inserted the row */
    public String getWrittenBy() {
        return writtenBy;
    }

    public void setWrittenBy(String writtenBy) {
        this.writtenBy = writtenBy;
    }

    /** @return the node that ran the select that read it */
    public String getServedBy() {
        return servedBy;
    }

    public void setServedBy(String servedBy) {
        this.servedBy = servedBy;
    }
}
