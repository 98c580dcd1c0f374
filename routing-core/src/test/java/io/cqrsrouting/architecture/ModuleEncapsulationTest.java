package io.cqrsrouting.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module boundary as a user's module meets it: an application module that requires
 * {@code io.cqrsrouting.core} compiles against the API but cannot name a type of
 * {@code io.cqrsrouting.core.internal}. Compiled for real with javac, on the module path.
 */
class ModuleEncapsulationTest {

    @TempDir
    Path dir;

    @Test
    void anApplicationModuleUsesTheApi() throws Exception {
        String errors = compileApp("""
                package app;
                import io.cqrsrouting.core.RoutingDataSource;
                import io.cqrsrouting.core.RoutingSpi;
                import io.cqrsrouting.core.failure.FailureClassifier;
                import io.cqrsrouting.dialect.Dialects;
                class App {
                    @io.cqrsrouting.annotation.Query
                    Object api() {
                        return RoutingDataSource.builder().poolCustomizer(c -> c.setMinimumIdle(1));
                    }
                }
                """);
        assertThat(errors).as("javac output").isEmpty();
    }

    @Test
    void anApplicationModuleCannotReachTheInternals() throws Exception {
        String errors = compileApp("""
                package app;
                class App {
                    Object internal() {
                        return io.cqrsrouting.core.internal.Urls.mask("jdbc:x://h/db");
                    }
                }
                """);
        assertThat(errors).contains("io.cqrsrouting.core.internal")
                .containsAnyOf("is not visible", "does not export");
    }

    private String compileApp(String appSource) throws IOException, URISyntaxException {
        Path src = dir.resolve("src");
        Files.createDirectories(src.resolve("app"));
        Files.writeString(src.resolve("module-info.java"),
                "module app { requires io.cqrsrouting.core; }\n");
        Path app = Files.writeString(src.resolve("app/App.java"), appSource);
        String modulePath = String.join(File.pathSeparator, Path.of("target/classes")
                .toAbsolutePath().toString(), jarOf(com.zaxxer.hikari.HikariConfig.class),
                jarOf(org.slf4j.Logger.class));
        List<String> options = List.of("-d", dir.resolve("out").toString(),
                "--module-path", modulePath, "-proc:none");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter out = new StringWriter();
        boolean compiled = javac.getTask(out, null, null, options, null,
                javac.getStandardFileManager(null, null, null).getJavaFileObjectsFromPaths(
                        List.of(src.resolve("module-info.java"), app)))
                .call();
        return compiled ? "" : out.toString();
    }

    private static String jarOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
    }
}
