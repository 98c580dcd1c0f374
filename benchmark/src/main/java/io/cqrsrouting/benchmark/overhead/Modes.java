package io.cqrsrouting.benchmark.overhead;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/** The modes of {@link RoutingOverheadBenchmark}, each a small Spring context. */
public final class Modes {

    private static final Map<String, Class<?>> CONFIGS = new LinkedHashMap<>();

    static {
        CONFIGS.put("direct", DirectMode.class);
        CONFIGS.put("noopAdvice", NoopAdviceMode.class);
        CONFIGS.put("cqrsRouting", CqrsRoutingMode.class);
        CONFIGS.put("cqrsRoutingObserved", CqrsRoutingObservedMode.class);
        CONFIGS.put("cqrsRoutingNoMonitor", CqrsRoutingNoMonitorMode.class);
        CONFIGS.put("springReadOnlySupports", SpringReadOnlySupportsMode.class);
        CONFIGS.put("springLazyReadOnly", SpringLazyReadOnlyMode.class);
        CONFIGS.put("abstractRoutingDataSource", AbstractRoutingDataSourceMode.class);
        CONFIGS.put("dynamicDatasource", DynamicDatasourceMode.class);
    }

    private Modes() {
    }

    /** @return the mode names, in report order */
    public static List<String> names() {
        return List.copyOf(CONFIGS.keySet());
    }

    /**
     * Starts the Spring context of a mode.
     *
     * @param mode a name from {@link #names()}
     * @return the started context; close it when done
     */
    public static AnnotationConfigApplicationContext start(String mode) {
        Class<?> config = CONFIGS.get(mode);
        if (config == null) {
            throw new IllegalArgumentException("mode: unknown '" + mode + "'; known: " + names());
        }
        return new AnnotationConfigApplicationContext(config);
    }
}
