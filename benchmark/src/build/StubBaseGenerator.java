import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Writes the base classes of the benchmark's stub JDBC driver: for each JDBC interface the stub
 * implements, an abstract class that implements every method of the interface (default methods
 * included) by throwing {@link UnsupportedOperationException} naming the method. The stub's
 * concrete classes ({@code StubConnection}, {@code StubStatement}, ...) override what a benchmark
 * really calls, so a call nobody expected fails loudly instead of answering null, 0 or false.
 *
 * <p>Run by Maven in {@code generate-sources} (exec-maven-plugin, single-file launch:
 * {@code java StubBaseGenerator.java <output source root>}); the output is never checked in.
 */
public final class StubBaseGenerator {

    private static final String PACKAGE = "io.cqrsrouting.benchmark.stub";

    /** base class simple name -> the JDBC interface it implements */
    private static final Map<String, Class<?>> BASES = new LinkedHashMap<>();

    static {
        BASES.put("AbstractStubConnection", java.sql.Connection.class);
        BASES.put("AbstractStubStatement", java.sql.CallableStatement.class);
        BASES.put("AbstractStubResultSet", java.sql.ResultSet.class);
        BASES.put("AbstractStubMetaData", java.sql.DatabaseMetaData.class);
    }

    private StubBaseGenerator() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: java StubBaseGenerator.java <source root>");
        }
        Path dir = Path.of(args[0]).resolve(PACKAGE.replace('.', '/'));
        Files.createDirectories(dir);
        for (Map.Entry<String, Class<?>> base : BASES.entrySet()) {
            String source = generate(base.getKey(), base.getValue());
            Path file = dir.resolve(base.getKey() + ".java");
            // unchanged output keeps its timestamp, so the compiler's staleness check stays quiet
            if (!Files.exists(file) || !Files.readString(file).equals(source)) {
                Files.writeString(file, source, StandardCharsets.UTF_8);
            }
        }
    }

    static String generate(String name, Class<?> iface) {
        StringBuilder out = new StringBuilder();
        out.append("package ").append(PACKAGE).append(";\n\n");
        out.append("/**\n * Generated at build time by benchmark/src/build/StubBaseGenerator.java from {@link ")
                .append(iface.getName()).append("}:\n * every method throws UnsupportedOperationException"
                        + " naming it; the concrete stub overrides\n * what the benchmarks call."
                        + " Do not edit: change the generator.\n */\n");
        out.append("@SuppressWarnings({\"deprecation\", \"unused\"})\n");
        out.append("abstract class ").append(name).append(" implements ").append(iface.getName())
                .append(" {\n");
        for (Method m : methodsOf(iface)) {
            out.append('\n').append(method(iface, m));
        }
        out.append("}\n");
        return out.toString();
    }

    /** Every instance method of the interface, one per signature, most specific return type. */
    private static List<Method> methodsOf(Class<?> iface) {
        Map<String, Method> bySignature = new LinkedHashMap<>();
        for (Method m : iface.getMethods()) {
            if (Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            String key = m.getName() + java.util.Arrays.toString(m.getParameterTypes());
            Method seen = bySignature.get(key);
            if (seen == null || seen.getReturnType().isAssignableFrom(m.getReturnType())) {
                bySignature.put(key, m);
            }
        }
        List<Method> methods = new ArrayList<>(bySignature.values());
        methods.sort(Comparator.comparing(Method::getName)
                .thenComparing(m -> java.util.Arrays.toString(m.getParameterTypes())));
        return methods;
    }

    private static String method(Class<?> iface, Method m) {
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
        StringJoiner shown = new StringJoiner(", ", "(", ")");
        Type[] types = m.getGenericParameterTypes();
        for (int i = 0; i < types.length; i++) {
            params.add(types[i].getTypeName() + " a" + i);
            shown.add(m.getParameterTypes()[i].getSimpleName());
        }
        s.append(params);
        if (m.getExceptionTypes().length > 0) {
            StringJoiner thrown = new StringJoiner(", ", " throws ", "");
            for (Class<?> e : m.getExceptionTypes()) {
                thrown.add(e.getName());
            }
            s.append(thrown);
        }
        s.append(" {\n        throw new UnsupportedOperationException(\"stub ")
                .append(iface.getSimpleName()).append('.').append(m.getName()).append(shown)
                .append(" is not implemented: the benchmark did not expect this call\");\n    }\n");
        return s.toString();
    }
}
