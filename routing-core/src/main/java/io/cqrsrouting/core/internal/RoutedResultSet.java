package io.cqrsrouting.core.internal;

import java.sql.ResultSet;
import java.sql.Statement;

/**
 * A result set of a wrapped primary statement: {@link #getStatement()} returns that statement, so
 * a commit made through {@code resultSet.getStatement().getConnection()} is seen by the router.
 * Every other call is forwarded by the generated {@link DelegatingResultSet}.
 */
final class RoutedResultSet extends DelegatingResultSet {

    private final Statement statement;

    private RoutedResultSet(ResultSet delegate, Statement statement) {
        super(delegate);
        this.statement = statement;
    }

    /** @return {@code rs} wrapped so its statement is {@code statement}; {@code null} stays null */
    static ResultSet of(ResultSet rs, Statement statement) {
        return rs == null ? null : new RoutedResultSet(rs, statement);
    }

    @Override
    public Statement getStatement() {
        return statement;
    }
}
