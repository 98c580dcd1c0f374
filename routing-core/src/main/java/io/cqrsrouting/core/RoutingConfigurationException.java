package io.cqrsrouting.core;

/**
 * A routing setting or annotation is invalid. Thrown at start-up (when the router is built, or when
 * a method is first resolved) with a message naming the setting and the offending value. Never
 * carries a password.
 */
public class RoutingConfigurationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String setting;

    /**
     * @param setting the name of the setting or annotated element at fault
     * @param message what is wrong and what would be accepted
     */
    public RoutingConfigurationException(String setting, String message) {
        super(setting + ": " + message);
        this.setting = setting;
    }

    /** @return the name of the setting or annotated element at fault */
    public String setting() {
        return setting;
    }
}
