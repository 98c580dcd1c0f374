package io.cqrsrouting.spring;

import java.util.Map;

import org.springframework.aop.config.AopConfigUtils;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers the {@link RoutingAdvisor}, the {@link WritesUnavailableAdvisor}, the
 * {@link JdbcTemplateTranslation}, {@link RepositoryRouting} and
 * {@link TransactionAdvisorOrdering} post-processors and
 * (if none is there yet) an auto-proxy creator. Imported by {@link EnableCqrsRouting} and by the
 * Spring Boot auto-configuration; registering twice is harmless (the first registration wins).
 */
public class RoutingRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware {

    /** Bean name of the routing advisor. */
    public static final String ADVISOR_BEAN_NAME = "io.cqrsrouting.spring.internalRoutingAdvisor";

    /** Bean name of the post-processor that keeps the transaction advisor after ours. */
    public static final String ORDERING_BEAN_NAME =
            "io.cqrsrouting.spring.internalTransactionAdvisorOrdering";

    /** Bean name of the advisor that translates writes rejected by a read-only primary. */
    public static final String WRITES_UNAVAILABLE_BEAN_NAME =
            "io.cqrsrouting.spring.internalWritesUnavailableAdvisor";

    /** Bean name of the post-processor that translates read-only rejections of JdbcTemplate. */
    public static final String JDBC_TEMPLATE_BEAN_NAME =
            "io.cqrsrouting.spring.internalJdbcTemplateTranslation";

    /** Bean name of the post-processor that routes Spring Data repositories. */
    public static final String REPOSITORIES_BEAN_NAME =
            "io.cqrsrouting.spring.internalRepositoryRouting";

    /** Property that switches off routing of Spring Data repositories (on by default). */
    public static final String REPOSITORIES_PROPERTY = "cqrs.routing.repositories.enabled";

    /** Property that switches off "{@code @Transactional(readOnly = true)} counts as @Query". */
    public static final String READ_ONLY_PROPERTY = "cqrs.routing.read-only-transactions-as-query";

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void registerBeanDefinitions(AnnotationMetadata importing,
            BeanDefinitionRegistry registry) {
        Map<String, Object> attributes =
                importing.getAnnotationAttributes(EnableCqrsRouting.class.getName());
        // Either the annotation or the property can switch it off.
        boolean readOnlyAsQuery = environment == null
                || environment.getProperty(READ_ONLY_PROPERTY, Boolean.class, Boolean.TRUE);
        if (attributes != null) {
            readOnlyAsQuery &= (Boolean) attributes.get("readOnlyTransactionsAsQuery");
        }
        // Same creator @EnableTransactionManagement uses; a stronger one (AspectJ) is kept.
        AopConfigUtils.registerAutoProxyCreatorIfNecessary(registry);
        if (attributes != null && Boolean.TRUE.equals(attributes.get("proxyTargetClass"))) {
            AopConfigUtils.forceAutoProxyCreatorToUseClassProxying(registry);
        }
        if (!registry.containsBeanDefinition(ADVISOR_BEAN_NAME)) {
            RootBeanDefinition advisor = new RootBeanDefinition(RoutingAdvisor.class);
            advisor.getConstructorArgumentValues().addIndexedArgumentValue(0, readOnlyAsQuery);
            advisor.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
            registry.registerBeanDefinition(ADVISOR_BEAN_NAME, advisor);
        }
        if (!registry.containsBeanDefinition(WRITES_UNAVAILABLE_BEAN_NAME)) {
            RootBeanDefinition writes = new RootBeanDefinition(WritesUnavailableAdvisor.class);
            writes.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
            registry.registerBeanDefinition(WRITES_UNAVAILABLE_BEAN_NAME, writes);
        }
        if (!registry.containsBeanDefinition(JDBC_TEMPLATE_BEAN_NAME)) {
            RootBeanDefinition jdbc = new RootBeanDefinition(JdbcTemplateTranslation.class);
            jdbc.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
            registry.registerBeanDefinition(JDBC_TEMPLATE_BEAN_NAME, jdbc);
        }
        boolean repositories = environment == null
                || environment.getProperty(REPOSITORIES_PROPERTY, Boolean.class, Boolean.TRUE);
        if (repositories && !registry.containsBeanDefinition(REPOSITORIES_BEAN_NAME)) {
            RootBeanDefinition post = new RootBeanDefinition(RepositoryRouting.class);
            post.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
            registry.registerBeanDefinition(REPOSITORIES_BEAN_NAME, post);
        }
        if (!registry.containsBeanDefinition(ORDERING_BEAN_NAME)) {
            RootBeanDefinition ordering = new RootBeanDefinition(TransactionAdvisorOrdering.class);
            ordering.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
            registry.registerBeanDefinition(ORDERING_BEAN_NAME, ordering);
        }
    }
}
