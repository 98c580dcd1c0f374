package io.cqrsrouting.benchmark.stub;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/**
 * The stub driver answers only what the benchmarks call: every JDBC method its concrete classes do
 * not implement (the generated bases') throws an {@link UnsupportedOperationException} naming the
 * method, instead of answering null, 0 or false that a benchmark would silently measure.
 */
class UnexpectedCallsThrowTest {

    @Test
    void everyMethodTheStubDoesNotImplementThrowsNamingIt() throws Exception {
        Connection connection = new StubDriver().connect(StubDriver.url("contract-primary"),
                new Properties());
        CallableStatement statement = connection.prepareCall("select 1");
        ResultSet resultSet = statement.executeQuery();
        DatabaseMetaData metaData = connection.getMetaData();

        List<String> silent = new ArrayList<>();
        int implemented = 0;
        int unexpected = 0;
        for (Object[] stub : new Object[][] {{connection, Connection.class},
                {statement, CallableStatement.class}, {resultSet, ResultSet.class},
                {metaData, DatabaseMetaData.class}}) {
            Class<?> iface = (Class<?>) stub[1];
            for (Method m : iface.getMethods()) {
                if (Modifier.isStatic(m.getModifiers())) {
                    continue;
                }
                if (implementedBy(stub[0].getClass(), m)) {
                    implemented++;
                    continue;
                }
                unexpected++;
                String name = iface.getSimpleName() + "." + m.getName() + "(";
                try {
                    m.invoke(stub[0], arguments(m));
                    silent.add(name + ") answered");
                } catch (InvocationTargetException e) {
                    Throwable cause = e.getCause();
                    if (!(cause instanceof UnsupportedOperationException)
                            || !cause.getMessage().contains(name)) {
                        silent.add(name + ") threw " + cause);
                    }
                }
            }
        }
        assertThat(silent).as("unimplemented stub methods that do not throw naming themselves")
                .isEmpty();
        // the stubs still implement what the benchmarks use, and most of JDBC is left out
        assertThat(implemented).isGreaterThan(100);
        assertThat(unexpected).isGreaterThan(400);
    }

    @Test
    void theHotMethodsAreTheStubsOwn() throws Exception {
        Connection connection = new StubDriver().connect(StubDriver.url("contract-replica"),
                new Properties());
        long before = StubNode.named("contract-replica").statements();
        try (var statement = connection.prepareStatement("select 1")) {
            try (ResultSet rs = statement.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(1);
                assertThat(rs.getBoolean(1)).as("pg_is_in_recovery() of a replica node").isTrue();
                assertThat(rs.next()).isFalse();
            }
        }
        connection.setAutoCommit(false);
        connection.commit();
        connection.rollback();
        assertThat(StubNode.named("contract-replica").statements() - before).isEqualTo(1);
    }

    private static boolean implementedBy(Class<?> stub, Method m) {
        try {
            stub.getDeclaredMethod(m.getName(), m.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static Object[] arguments(Method m) {
        Class<?>[] types = m.getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            args[i] = zero(types[i]);
        }
        return args;
    }

    private static Object zero(Class<?> type) {
        if (!type.isPrimitive()) {
            return null;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == double.class) {
            return 0d;
        }
        if (type == float.class) {
            return 0f;
        }
        if (type == short.class) {
            return (short) 0;
        }
        if (type == byte.class) {
            return (byte) 0;
        }
        if (type == char.class) {
            return 'x';
        }
        return 0;
    }
}
