package io.cqrsrouting.mybatis;

import org.apache.ibatis.executor.statement.StatementHandler;
import org.apache.ibatis.plugin.Interceptor;
import org.apache.ibatis.plugin.Intercepts;
import org.apache.ibatis.plugin.Invocation;
import org.apache.ibatis.plugin.Signature;

import java.sql.Connection;

/**
 * The point where MyBatis hands a statement its connection: prepares it on the connection the
 * statement's route needs (see {@link SessionConnections}), and closes the statement's scope once
 * it is prepared, before any result handler runs.
 */
@Intercepts(@Signature(type = StatementHandler.class, method = "prepare",
        args = {Connection.class, Integer.class}))
final class ConnectionSwitch implements Interceptor {

    static final ConnectionSwitch INSTANCE = new ConnectionSwitch();

    private ConnectionSwitch() {
    }

    @Override
    public Object intercept(Invocation invocation) throws Throwable {
        StatementFrame frame = StatementFrame.current();
        if (frame != null) {
            Object[] args = invocation.getArgs();
            try {
                args[0] = frame.connections.choose((Connection) args[0], frame);
                return invocation.proceed();
            } finally {
                frame.leaveScope();
            }
        }
        return invocation.proceed();
    }
}
