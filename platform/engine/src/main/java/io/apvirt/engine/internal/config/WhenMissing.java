package io.apvirt.engine.internal.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a required property of {@link ApvirtConfig} (no default anywhere): what to tell the user
 * when it is absent, after {@code is missing: }.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface WhenMissing {
    String value();
}
