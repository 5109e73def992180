package io.apvirt.engine.internal.config;

import io.apvirt.api.arch.Apqn;
import io.apvirt.api.plugin.ComponentKind;
import io.apvirt.api.plugin.Option;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cross-field rules of the configuration (docs/design.md#configuration). Messages are
 * fixed templates; the values they mention travel as message parameters, never inside the
 * template. The {@link ComponentCatalog} arrives as the constraint-validator payload.
 */
public class SettingsConstraintValidator implements ConstraintValidator<ValidSettings, ApvirtSettings> {

    @Override
    public boolean isValid(ApvirtSettings s, ConstraintValidatorContext context) {
        if (s == null) {
            return true;
        }
        HibernateConstraintValidatorContext ctx = context.unwrap(HibernateConstraintValidatorContext.class);
        ctx.disableDefaultConstraintViolation();
        ComponentCatalog catalog = ctx.getConstraintValidatorPayload(ComponentCatalog.class);
        boolean valid = true;
        if (catalog != null) {
            valid &= knownPolicy(s, catalog, ctx);
            valid &= knownHook(s, catalog, ctx);
            valid &= componentOptions(ComponentKind.POLICY, s.policies(), catalog, ctx);
            valid &= componentOptions(ComponentKind.HOOK, s.hooks(), catalog, ctx);
            valid &= componentOptions(ComponentKind.BEHAVIOUR, s.behaviours(), catalog, ctx);
            valid &= behaviours(s, catalog, ctx);
        }
        if (s.matrix() != null && s.guest() != null && s.guest().facilities() != null) {
            boolean apxa = s.guest().facilities().apxa();
            valid &= matrixList(ctx, "adapters", s.matrix().adapters(), apxa, Apqn.MAX_APID_WITHOUT_APXA, "APID");
            valid &= matrixList(ctx, "domains", s.matrix().domains(), apxa, Apqn.MAX_APQI_WITHOUT_APXA, "APQI");
            valid &= matrixList(ctx, "controlDomains", s.matrix().controlDomains(), apxa, Apqn.MAX_APQI_WITHOUT_APXA, "control domain");
            valid &= devices(s, apxa, ctx);
        }
        return valid;
    }

    /** Each adapter once; without APXA adapters 0-63 and domains 0-15 (section 1, 2.1). */
    private static boolean devices(ApvirtSettings s, boolean apxa, HibernateConstraintValidatorContext ctx) {
        if (s.devices() == null) {
            return true;
        }
        boolean valid = true;
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < s.devices().size(); i++) {
            ApvirtSettings.Device d = s.devices().get(i);
            if (d == null || d.adapter() < 0 || d.adapter() > 255) {
                continue;
            }
            if (!seen.add(d.adapter())) {
                ctx.addMessageParameter("adapter", d.adapter());
                ctx.buildConstraintViolationWithTemplate("adapter {adapter} is configured twice: give each adapter one devices entry")
                        .addPropertyNode("devices").addPropertyNode("adapter").inIterable().atIndex(i).addConstraintViolation();
                valid = false;
            }
            if (!apxa && d.adapter() > Apqn.MAX_APID_WITHOUT_APXA) {
                ctx.addMessageParameter("max", Apqn.MAX_APID_WITHOUT_APXA);
                ctx.buildConstraintViolationWithTemplate(
                                "APID above {max} needs APXA (CRYCB format 2): set apvirt.guest.facilities.apxa=true or use adapters 0-{max}")
                        .addPropertyNode("devices").addPropertyNode("adapter").inIterable().atIndex(i).addConstraintViolation();
                valid = false;
            }
            if (d.domains() != null) {
                for (int j = 0; j < d.domains().size(); j++) {
                    Integer domain = d.domains().get(j);
                    if (domain != null && !apxa && domain > Apqn.MAX_APQI_WITHOUT_APXA && domain <= 255) {
                        ctx.addMessageParameter("max", Apqn.MAX_APQI_WITHOUT_APXA);
                        ctx.buildConstraintViolationWithTemplate(
                                        "APQI above {max} needs APXA (CRYCB format 2): set apvirt.guest.facilities.apxa=true or use domains 0-{max}")
                                .addPropertyNode("devices").addPropertyNode("domains").inIterable().atIndex(i)
                                .addContainerElementNode("<list element>", List.class, 0).inIterable().atIndex(j)
                                .addConstraintViolation();
                        valid = false;
                    }
                }
            }
        }
        return valid;
    }

    private static boolean behaviours(ApvirtSettings s, ComponentCatalog catalog, HibernateConstraintValidatorContext ctx) {
        if (s.devices() == null) {
            return true;
        }
        boolean valid = true;
        for (int i = 0; i < s.devices().size(); i++) {
            ApvirtSettings.Device d = s.devices().get(i);
            if (d == null || d.behaviour() == null || d.behaviour().isBlank()) {
                continue;
            }
            ComponentRef ref = ComponentRef.parse(d.behaviour());
            if (catalog.behaviours().containsKey(ref.id())) {
                int index = i;
                valid &= fileExists(s, ref, ctx, c -> c.addPropertyNode("devices").addPropertyNode("behaviour").inIterable()
                        .atIndex(index).addConstraintViolation());
                continue;
            }
            ctx.addMessageParameter("known", catalog.describeBehaviours());
            ctx.buildConstraintViolationWithTemplate("is not a known device behaviour; known: {known}")
                    .addPropertyNode("devices").addPropertyNode("behaviour").inIterable().atIndex(i).addConstraintViolation();
            valid = false;
        }
        return valid;
    }

    /**
     * {@code apvirt.<kind>s.<id>.<option>}: a loaded component of that kind, an option it declares,
     * a value the option accepts (one check for policies, hooks and behaviours).
     */
    private static boolean componentOptions(ComponentKind kind, Map<String, Map<String, String>> configured, ComponentCatalog catalog,
                                            HibernateConstraintValidatorContext ctx) {
        if (configured == null) {
            return true;
        }
        String node = kind.optionPrefix().substring("apvirt.".length(), kind.optionPrefix().length() - 1);
        boolean valid = true;
        for (Map.Entry<String, Map<String, String>> entry : configured.entrySet()) {
            ComponentCatalog.Entry component = catalog.of(kind).get(entry.getKey());
            if (component == null) {
                ctx.addMessageParameter("kind", kind.noun());
                ctx.addMessageParameter("known", catalog.describe(kind));
                ctx.buildConstraintViolationWithTemplate("configures options of an unknown {kind}; known: {known}")
                        .addPropertyNode(node).addPropertyNode(entry.getKey()).addConstraintViolation();
                valid = false;
                continue;
            }
            for (Map.Entry<String, String> option : entry.getValue().entrySet()) {
                Option spec = component.option(option.getKey());
                if (spec == null) {
                    ctx.addMessageParameter("kind", kind.noun());
                    ctx.addMessageParameter("id", component.id());
                    ctx.addMessageParameter("known", component.options().isEmpty() ? "none" : String.join(", ", component.optionNames()));
                    ctx.buildConstraintViolationWithTemplate("is not an option of {kind} {id}; its options: {known}")
                            .addPropertyNode(node).addPropertyNode(entry.getKey()).addPropertyNode(option.getKey())
                            .addConstraintViolation();
                    valid = false;
                } else if (option.getValue() == null || spec.parse(option.getValue()) == null) {
                    ctx.addMessageParameter("accepted", spec.accepted());
                    ctx.buildConstraintViolationWithTemplate("must be {accepted}")
                            .addPropertyNode(node).addPropertyNode(entry.getKey()).addPropertyNode(option.getKey())
                            .addConstraintViolation();
                    valid = false;
                }
            }
        }
        return valid;
    }

    private static boolean knownPolicy(ApvirtSettings s, ComponentCatalog catalog, HibernateConstraintValidatorContext ctx) {
        if (s.policy() == null || s.policy().isBlank() || catalog.policies().containsKey(s.policy())) {
            return true;
        }
        ctx.addMessageParameter("known", catalog.describePolicies());
        ctx.buildConstraintViolationWithTemplate("is not a known policy id; known: {known}")
                .addPropertyNode("policy").addConstraintViolation();
        return false;
    }

    private static boolean knownHook(ApvirtSettings s, ComponentCatalog catalog, HibernateConstraintValidatorContext ctx) {
        if (s.hook() == null || s.hook().isBlank() || ComponentCatalog.NO_HOOK.equals(s.hook())) {
            return true;
        }
        ComponentRef ref = ComponentRef.parse(s.hook());
        if (!catalog.hooks().containsKey(ref.id())) {
            ctx.addMessageParameter("known", catalog.describeHooks());
            ctx.buildConstraintViolationWithTemplate("is not a known hook id; known: {known}")
                    .addPropertyNode("hook").addConstraintViolation();
            return false;
        }
        return fileExists(s, ref, ctx, c -> c.addPropertyNode("hook").addConstraintViolation());
    }

    /** {@code id:file}: the file must exist along the search path (docs/design.md#configuration). */
    private static boolean fileExists(ApvirtSettings s, ComponentRef ref, HibernateConstraintValidatorContext ctx,
                                      java.util.function.Consumer<jakarta.validation.ConstraintValidatorContext.ConstraintViolationBuilder> at) {
        if (ref.argument() == null || s.searchPath() == null || ref.file(s.searchPath()) != null) {
            return true;
        }
        ctx.addMessageParameter("file", ref.argument());
        ctx.addMessageParameter("cwd", java.nio.file.Path.of("").toAbsolutePath().toString());
        ctx.addMessageParameter("dirs", String.join(", ", s.searchPath().stream().map(Object::toString).toList()));
        at.accept(ctx.buildConstraintViolationWithTemplate(
                "names the file {file}, which does not exist; looked in the working directory {cwd}, then {dirs} "
                        + "(the configuration file's folder, the scenario's folder, $APVIRT_HOME/scripts, scripts/)"));
        return false;
    }

    /** CRYCB formats 0/1 hold APIDs 0-63 and APQIs 0-15 only (section 1, 2.1). */
    private static boolean matrixList(HibernateConstraintValidatorContext ctx, String name, List<Integer> values,
                                      boolean apxa, int maxWithoutApxa, String what) {
        if (values == null) {
            return true;
        }
        boolean valid = true;
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            Integer v = values.get(i);
            if (v == null || v < 0 || v > 255) {
                continue; // the element constraints report it
            }
            if (!apxa && v > maxWithoutApxa) {
                ctx.addMessageParameter("what", what);
                ctx.addMessageParameter("max", maxWithoutApxa);
                ctx.buildConstraintViolationWithTemplate(
                                "{what} above {max} needs APXA (CRYCB format 2): set apvirt.guest.facilities.apxa=true or use {what}s 0-{max}")
                        .addPropertyNode("matrix").addPropertyNode(name).addContainerElementNode("<list element>", List.class, 0)
                        .inIterable().atIndex(i).addConstraintViolation();
                valid = false;
            }
            if (!seen.add(v)) {
                ctx.buildConstraintViolationWithTemplate("is listed twice")
                        .addPropertyNode("matrix").addPropertyNode(name).addContainerElementNode("<list element>", List.class, 0)
                        .inIterable().atIndex(i).addConstraintViolation();
                valid = false;
            }
        }
        return valid;
    }
}
