package io.apvirt.api.plugin;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.inject.Qualifier;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The id under which a {@link Component} is selected: {@code apvirt.policy: <id>} for an
 * {@link io.apvirt.api.policy.InterceptPolicy}, {@code apvirt.hook: <id>} for a
 * {@link io.apvirt.api.hook.PqapHook}, {@code behaviour: <id>} of a device for a
 * {@link io.apvirt.api.device.DeviceBehaviour}. Ids are unique per kind; lower case, digits and
 * {@code -} ({@code mainline}, {@code vfio-ap}).
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.FIELD, ElementType.PARAMETER})
public @interface ComponentId {
    String value();

    /** {@code ComponentId.Literal.of("mainline")}: for {@code Instance.select}. */
    final class Literal extends AnnotationLiteral<ComponentId> implements ComponentId {
        private static final long serialVersionUID = 1L;
        private final String value;

        private Literal(String value) {
            this.value = value;
        }

        public static Literal of(String value) {
            return new Literal(value);
        }

        @Override
        public String value() {
            return value;
        }
    }
}
