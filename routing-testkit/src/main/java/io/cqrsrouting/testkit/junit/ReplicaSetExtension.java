package io.cqrsrouting.testkit.junit;

import io.cqrsrouting.testkit.PostgresReplicaSet;
import io.cqrsrouting.testkit.StatementCounter;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link ReplicaSetTest}: one {@link PostgresReplicaSet} per test
 * class (kept in the class's extension store, so nested classes and every test see the same one),
 * injected into parameters of that type (and its {@link StatementCounter} into parameters of that
 * type, for {@code countStatements = true}). A set of the class's own is closed with the class.
 */
public final class ReplicaSetExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(ReplicaSetExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == PostgresReplicaSet.class || type == StatementCounter.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        PostgresReplicaSet set = replicaSet(context);
        return parameter.getParameter().getType() == StatementCounter.class ? set.statements() : set;
    }

    /**
     * @param context any extension context inside a {@link ReplicaSetTest} class
     * @return the class's replica set, started on first use
     */
    public static PostgresReplicaSet replicaSet(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        ReplicaSetTest settings = AnnotationSupport.findAnnotation(testClass, ReplicaSetTest.class)
                .or(() -> context.getTestClass().flatMap(c -> enclosing(c)))
                .orElseThrow(() -> new ExtensionConfigurationException(testClass.getName()
                        + " uses ReplicaSetExtension without @ReplicaSetTest"));
        ExtensionContext owner = classContext(context);
        return owner.getStore(NAMESPACE).getOrComputeIfAbsent(Holder.class,
                key -> new Holder(settings), Holder.class).set;
    }

    private static java.util.Optional<ReplicaSetTest> enclosing(Class<?> c) {
        for (Class<?> e = c.getEnclosingClass(); e != null; e = e.getEnclosingClass()) {
            java.util.Optional<ReplicaSetTest> found =
                    AnnotationSupport.findAnnotation(e, ReplicaSetTest.class);
            if (found.isPresent()) {
                return found;
            }
        }
        return java.util.Optional.empty();
    }

    /** The outermost class-level context (nested classes share their outer class's set). */
    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext owner = context;
        for (ExtensionContext c = context; c.getParent().isPresent(); c = c.getParent().get()) {
            if (c.getTestClass().isPresent() && c.getTestMethod().isEmpty()) {
                owner = c;
            }
        }
        return owner;
    }

    /** Closes a set of the class's own when the class's store is closed. */
    private static final class Holder implements ExtensionContext.Store.CloseableResource {
        final PostgresReplicaSet set;

        Holder(ReplicaSetTest settings) {
            int n = settings.standbys();
            if (settings.countStatements()) {
                this.set = settings.shared()
                        ? PostgresReplicaSet.shared("counting-statements-" + n, n, StatementCounter.SETTING)
                        : PostgresReplicaSet.start(n, StatementCounter.SETTING);
            } else {
                this.set = settings.shared() ? PostgresReplicaSet.shared(n) : PostgresReplicaSet.start(n);
            }
        }

        @Override
        public void close() {
            set.close(); // no-op for the shared set
        }
    }
}
