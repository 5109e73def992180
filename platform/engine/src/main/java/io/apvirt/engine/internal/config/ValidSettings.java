package io.apvirt.engine.internal.config;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Cross-field rules of the configuration; see {@link SettingsConstraintValidator}. */
@Documented
@Constraint(validatedBy = SettingsConstraintValidator.class)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface ValidSettings {
    String message() default "invalid apvirt settings";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
