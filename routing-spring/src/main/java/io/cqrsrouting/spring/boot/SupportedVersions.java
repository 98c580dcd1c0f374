package io.cqrsrouting.spring.boot;

import org.springframework.boot.SpringBootVersion;
import org.springframework.core.SpringVersion;
import org.springframework.util.ClassUtils;

/**
 * Spring Boot 4.x on Spring Framework 7.x is what the auto-configuration is built for. Older lines
 * moved or lack the classes it builds on, so instead of silently doing nothing it stops start-up
 * with this message.
 */
final class SupportedVersions {

    static final int BOOT = 4;
    static final int SPRING = 7;

    /** A class only Boot 4 has (its new home of EnvironmentPostProcessor), for unknown versions. */
    private static final String BOOT_4_MARKER = "org.springframework.boot.EnvironmentPostProcessor";

    private SupportedVersions() {
    }

    /** @return what is wrong with the running Spring Boot / Spring Framework, or null */
    static String problem() {
        return problem(SpringBootVersion.getVersion(), SpringVersion.getVersion(),
                ClassUtils.isPresent(BOOT_4_MARKER, SupportedVersions.class.getClassLoader()));
    }

    /**
     * @param boot Spring Boot's version, null if unknown (repackaged jars)
     * @param spring Spring Framework's version, null if unknown
     * @param boot4ClassPresent whether a Boot-4-only class is on the class path
     * @return what is wrong, or null when supported
     */
    static String problem(String boot, String spring, boolean boot4ClassPresent) {
        Integer bootMajor = major(boot);
        Integer springMajor = major(spring);
        boolean bootOk = bootMajor != null ? bootMajor >= BOOT : boot4ClassPresent;
        boolean springOk = springMajor == null || springMajor >= SPRING;
        if (bootOk && springOk) {
            return null;
        }
        return "cqrs-routing " + "requires Spring Boot " + BOOT + ".x and Spring Framework " + SPRING
                + ".x; found Spring Boot " + (boot == null ? "(unknown, pre-4 class layout)" : boot)
                + " and Spring Framework " + (spring == null ? "(unknown)" : spring)
                + ". Upgrade Spring Boot, or remove cqrs-routing-spring-boot-starter / routing-spring"
                + " (cqrs-routing-core alone works without Spring), or set cqrs.routing.enabled=false.";
    }

    private static Integer major(String version) {
        if (version == null) {
            return null;
        }
        int dot = version.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
