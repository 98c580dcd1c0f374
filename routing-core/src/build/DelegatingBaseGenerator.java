import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Wrapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Writes the package-private base classes of routing-core's JDBC wrappers
 * ({@code io.cqrsrouting.core.internal}): for each wrapped JDBC interface, an abstract class whose
 * every method forwards to the wrapped object, so that the hand-written subclasses
 * ({@code RoutedConnection}, {@code RoutedStatement}, ...) hold only what the router decides and
 * override just those methods. The forwarding is a plain field read and interface call, exactly
 * what the hand-written delegation did. {@link Wrapper}'s {@code unwrap}/{@code isWrapperFor} are
 * the one exception, written once here for every wrapper: the wrapper itself answers first, then
 * the wrapped object.
 *
 * <p>Run by Maven in {@code generate-sources} (exec-maven-plugin, single-file launch:
 * {@code java DelegatingBaseGenerator.java <output source root>}); the output is never checked in.
 */
public final class DelegatingBaseGenerator {

    private static final String PACKAGE = "io.cqrsrouting.core.internal";

    /**
     * One generated base class.
     *
     * @param name         simple name of the class
     * @param iface        the JDBC interface whose methods it forwards
     * @param superclass   hand-written class it extends, or null
     * @param inherited    interface whose methods the superclass already handles (not generated)
     * @param extraParams  constructor parameters passed on to the superclass after the delegate
     * @param field        name of the delegate field
     * @param mutable      whether the field may be reassigned (a switched pooled connection)
     * @param keepDefault  default methods left to the interface's default, by name
     */
    record Base(String name, Class<?> iface, String superclass, Class<?> inherited,
            List<String> extraParams, String field, boolean mutable, Set<String> keepDefault) {
    }

    private static final List<Base> BASES = List.of(
            // Sharding keys keep Connection's defaults (not supported): the router owns which
            // physical connection serves, a caller must not re-key the pooled one behind it.
            new Base("DelegatingConnection", Connection.class, null, null, List.of(), "delegate",
                    true, Set.of("setShardingKey", "setShardingKeyIfValid")),
            new Base("DelegatingStatement", Statement.class, null, null, List.of(), "delegate",
                    false, Set.of()),
            // extends the hand-written RoutedStatement, so prepared statements keep its tracking
            new Base("DelegatingPreparedStatement", PreparedStatement.class, "RoutedStatement",
                    Statement.class, List.of("RoutedConnection connection"), "prepared", false,
                    Set.of()),
            new Base("DelegatingResultSet", ResultSet.class, null, null, List.of(), "delegate",
                    false, Set.of()),
            new Base("DelegatingMetaData", DatabaseMetaData.class, null, null, List.of(),
                    "delegate", false, Set.of()));

    private DelegatingBaseGenerator() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException(
                    "usage: java DelegatingBaseGenerator.java <source root>");
        }
        Path dir = Path.of(args[0]).resolve(PACKAGE.replace('.', '/'));
        Files.createDirectories(dir);
        for (Base base : BASES) {
            String source = generate(base);
            Path file = dir.resolve(base.name() + ".java");
            // unchanged output keeps its timestamp, so the compiler's staleness check stays quiet
            if (!Files.exists(file) || !Files.readString(file).equals(source)) {
                Files.writeString(file, source, StandardCharsets.UTF_8);
            }
        }
    }

    static String generate(Base base) {
        String type = base.iface().getName();
        StringBuilder out = new StringBuilder();
        out.append("package ").append(PACKAGE).append(";\n\n");
        out.append("/** Generated at build time by routing-core/src/build/DelegatingBaseGenerator.java:"
                + " every {@link ").append(type).append("} method forwards to {@code ")
                .append(base.field()).append("}. */\n");
        out.append("@SuppressWarnings(\"deprecation\")\n");
        out.append("abstract class ").append(base.name());
        if (base.superclass() != null) {
            out.append(" extends ").append(base.superclass());
        }
        out.append(" implements ").append(type).append(" {\n\n");
        out.append("    /** The wrapped object every call goes to. */\n    ")
                .append(base.mutable() ? "" : "final ").append(type).append(' ')
                .append(base.field()).append(";\n\n");
        StringJoiner params = new StringJoiner(", ", "(", ")");
        params.add(type + " delegate");
        StringJoiner superArgs = new StringJoiner(", ", "(", ")");
        superArgs.add("delegate");
        for (String p : base.extraParams()) {
            params.add(p);
            superArgs.add(p.substring(p.lastIndexOf(' ') + 1));
        }
        out.append("    ").append(base.name()).append(params).append(" {\n");
        if (base.superclass() != null) {
            out.append("        super").append(superArgs).append(";\n");
        }
        out.append("        this.").append(base.field()).append(" = delegate;\n    }\n");
        for (Method m : methodsOf(base)) {
            out.append('\n').append(method(base.field(), m));
        }
        out.append("}\n");
        return out.toString();
    }

    /** The methods to forward, one per signature, most specific return type, in a stable order. */
    private static List<Method> methodsOf(Base base) {
        Map<String, Method> bySignature = new LinkedHashMap<>();
        for (Method m : base.iface().getMethods()) {
            if (Modifier.isStatic(m.getModifiers())
                    || (m.isDefault() && base.keepDefault().contains(m.getName()))
                    || (base.inherited() != null && declares(base.inherited(), m))) {
                continue;
            }
            String key = m.getName() + Arrays.toString(m.getParameterTypes());
            Method seen = bySignature.get(key);
            if (seen == null || seen.getReturnType().isAssignableFrom(m.getReturnType())) {
                bySignature.put(key, m);
            }
        }
        List<Method> methods = new ArrayList<>(bySignature.values());
        methods.sort(Comparator.comparing(Method::getName)
                .thenComparing(m -> Arrays.toString(m.getParameterTypes())));
        return methods;
    }

    private static boolean declares(Class<?> iface, Method m) {
        try {
            iface.getMethod(m.getName(), m.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static String method(String field, Method m) {
        StringBuilder s = new StringBuilder("    @Override\n    public ");
        TypeVariable<Method>[] typeParameters = m.getTypeParameters();
        if (typeParameters.length > 0) {
            StringJoiner tp = new StringJoiner(", ", "<", "> ");
            for (TypeVariable<Method> t : typeParameters) {
                tp.add(t.getName());
            }
            s.append(tp);
        }
        s.append(m.getGenericReturnType().getTypeName()).append(' ').append(m.getName());
        StringJoiner params = new StringJoiner(", ", "(", ")");
        StringJoiner args = new StringJoiner(", ", "(", ")");
        Type[] types = m.getGenericParameterTypes();
        for (int i = 0; i < types.length; i++) {
            params.add(types[i].getTypeName() + " a" + i);
            args.add("a" + i);
        }
        s.append(params);
        if (m.getExceptionTypes().length > 0) {
            StringJoiner thrown = new StringJoiner(", ", " throws ", "");
            for (Class<?> e : m.getExceptionTypes()) {
                thrown.add(e.getName());
            }
            s.append(thrown);
        }
        s.append(" {\n        ");
        if (m.getDeclaringClass() == Wrapper.class) {
            // The wrapper answers for itself first, so unwrap(Connection.class) and the like never
            // hand out the driver's object behind the router; then the driver's chain is asked.
            s.append(m.getName().equals("unwrap")
                    ? "return a0.isInstance(this) ? a0.cast(this) : " + field + ".unwrap(a0);"
                    : "return a0.isInstance(this) || " + field + ".isWrapperFor(a0);");
            return s.append("\n    }\n").toString();
        }
        s.append(m.getReturnType() == void.class ? "" : "return ")
                .append(field).append('.').append(m.getName()).append(args).append(";\n    }\n");
        return s.toString();
    }
}
