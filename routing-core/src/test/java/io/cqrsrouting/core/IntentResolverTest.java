package io.cqrsrouting.core;

import io.cqrsrouting.annotation.Command;
import io.cqrsrouting.annotation.Consistent;
import io.cqrsrouting.annotation.Query;
import org.junit.jupiter.api.Test;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.reflect.Method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IntentResolverTest {

    @Query
    static class ReadService {
        public void list() {
        }

        @Command(idempotent = true)
        public void save() {
        }

        @Consistent(value = Consistent.Level.READ_YOUR_WRITES, waitMillis = 50)
        public void mine() {
        }
    }

    interface Repo {
        @Query(maxStalenessMillis = 1500)
        void find();

        void plain();
    }

    static class RepoImpl implements Repo {
        @Override
        public void find() {
        }

        @Override
        public void plain() {
        }
    }

    static class Conflicting {
        @Command
        @Query
        public void both() {
        }
    }

    static class BadBound {
        @Query(maxStalenessMillis = -5)
        public void stale() {
        }

        @Consistent(value = Consistent.Level.READ_YOUR_WRITES, waitMillis = -2)
        public void impatient() {
        }
    }

    @Retention(RetentionPolicy.RUNTIME)
    @Query(maxStalenessMillis = 10)
    @interface FreshRead {
    }

    static class Meta {
        @FreshRead
        public void read() {
        }
    }

    private static Method m(Class<?> c, String name) throws NoSuchMethodException {
        return c.getMethod(name);
    }

    @Test
    void classAnnotationAppliesToUnannotatedMethods() throws Exception {
        RoutingIntent intent = IntentResolver.resolve(m(ReadService.class, "list"),
                ReadService.class);
        assertThat(intent.kind()).isEqualTo(RoutingIntent.Kind.QUERY);
        assertThat(intent.origin()).isEqualTo("ReadService.list");
    }

    @Test
    void methodAnnotationBeatsClassAnnotation() throws Exception {
        RoutingIntent intent = IntentResolver.resolve(m(ReadService.class, "save"),
                ReadService.class);
        assertThat(intent.kind()).isEqualTo(RoutingIntent.Kind.COMMAND);
        assertThat(intent.idempotent()).isTrue();
    }

    @Test
    void consistentCarriesLevelAndWait() throws Exception {
        RoutingIntent intent = IntentResolver.resolve(m(ReadService.class, "mine"),
                ReadService.class);
        assertThat(intent.level()).isEqualTo(Consistent.Level.READ_YOUR_WRITES);
        assertThat(intent.waitMillis()).isEqualTo(50);
        assertThat(intent.needsPrimary()).isTrue();
    }

    @Test
    void interfaceMethodAnnotationIsFoundFromTheImplementation() throws Exception {
        RoutingIntent viaInterface = IntentResolver.resolve(m(Repo.class, "find"), RepoImpl.class);
        RoutingIntent viaImpl = IntentResolver.resolve(m(RepoImpl.class, "find"), RepoImpl.class);
        assertThat(viaInterface.maxStalenessMillis()).isEqualTo(1500);
        assertThat(viaImpl.maxStalenessMillis()).isEqualTo(1500);
    }

    @Test
    void unannotatedMethodHasNoIntent() throws Exception {
        assertThat(IntentResolver.resolve(m(Repo.class, "plain"), RepoImpl.class)).isNull();
        assertThat(IntentResolver.resolve(m(Object.class, "hashCode"), Object.class)).isNull();
    }

    @Test
    void commandAndQueryOnOneMethodAreRejectedNamingBoth() {
        assertThatThrownBy(() -> IntentResolver.resolve(m(Conflicting.class, "both"),
                Conflicting.class))
                .isInstanceOf(RoutingConfigurationException.class)
                .hasMessageContaining("Conflicting.both")
                .hasMessageContaining("@Command")
                .hasMessageContaining("@Query");
    }

    @Test
    void negativeStalenessOtherThanDefaultIsRejectedNamingTheAttribute() {
        assertThatThrownBy(() -> IntentResolver.resolve(m(BadBound.class, "stale"),
                BadBound.class))
                .isInstanceOf(RoutingConfigurationException.class)
                .hasMessageContaining("@Query(maxStalenessMillis) on BadBound.stale")
                .hasMessageContaining("-5");
    }

    @Test
    void annotationAndProgrammaticValuesAreCheckedByOneRuleWithOneWording() {
        assertThatThrownBy(() -> IntentResolver.resolve(m(BadBound.class, "impatient"),
                BadBound.class))
                .isInstanceOf(RoutingConfigurationException.class)
                .hasMessageContaining("@Consistent(waitMillis) on BadBound.impatient")
                .hasMessageContaining("must be 0 or more; was -2");
        assertThatThrownBy(() -> RoutingIntent.consistent(Consistent.Level.READ_YOUR_WRITES, -2))
                .isInstanceOf(RoutingConfigurationException.class)
                .hasMessageContaining("waitMillis")
                .hasMessageContaining("must be 0 or more; was -2");
        assertThatThrownBy(() -> RoutingIntent.query(-5))
                .isInstanceOf(RoutingConfigurationException.class)
                .hasMessageContaining("must be -1 (router default), 0 or more; was -5");
    }

    @Test
    void routingAnnotationsWorkAsMetaAnnotations() throws Exception {
        RoutingIntent intent = IntentResolver.resolve(m(Meta.class, "read"), Meta.class);
        assertThat(intent.kind()).isEqualTo(RoutingIntent.Kind.QUERY);
        assertThat(intent.maxStalenessMillis()).isEqualTo(10);
    }

    @Test
    void resolutionIsCachedPerTargetClass() throws Exception {
        Method list = m(ReadService.class, "list");
        assertThat(IntentResolver.resolve(list, ReadService.class))
                .isSameAs(IntentResolver.resolve(list, ReadService.class));
    }
}
