package io.cqrsrouting.core.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;

/**
 * The driver's {@link DatabaseMetaData} with {@code getConnection()} answering the routed
 * connection, so work done through it stays under the router's eye. Metadata is read rarely (at
 * start-up, by ORMs and tools), never on the per-call path: a dynamic proxy is enough here.
 */
final class RoutedMetaData implements InvocationHandler {

    private final DatabaseMetaData delegate;
    private final Connection connection;

    private RoutedMetaData(DatabaseMetaData delegate, Connection connection) {
        this.delegate = delegate;
        this.connection = connection;
    }

    /** @return {@code metaData} whose connection is {@code connection}; {@code null} stays null */
    static DatabaseMetaData of(DatabaseMetaData metaData, Connection connection) {
        if (metaData == null) {
            return null;
        }
        return (DatabaseMetaData) Proxy.newProxyInstance(RoutedMetaData.class.getClassLoader(),
                new Class<?>[] {DatabaseMetaData.class}, new RoutedMetaData(metaData, connection));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "getConnection":
                if (method.getParameterCount() == 0) {
                    return connection;
                }
                break;
            case "unwrap":
                if (((Class<?>) args[0]).isInstance(proxy)) {
                    return proxy;
                }
                break;
            case "isWrapperFor":
                if (((Class<?>) args[0]).isInstance(proxy)) {
                    return true;
                }
                break;
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            case "toString":
                return "RoutedMetaData[" + delegate + "]";
            default:
                break;
        }
        try {
            return method.invoke(delegate, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
