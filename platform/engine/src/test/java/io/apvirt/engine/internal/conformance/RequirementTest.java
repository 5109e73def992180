package io.apvirt.engine.internal.conformance;

import io.apvirt.api.plugin.Option;
import io.apvirt.engine.internal.config.ComponentCatalog;
import io.apvirt.engine.internal.scenario.Requirement;
import io.apvirt.engine.internal.scenario.Requirement.Kind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code requires:} entries against what is installed: met, or the SKIP reason. */
class RequirementTest {

    static final Option CC = Option.choice("cc-after-hook", "set", List.of("set", "unchanged"), "");
    static final Option ISC = Option.choice("max-isc", "7", List.of("7", "3"), "");
    static final ComponentCatalog INSTALLED = ComponentCatalog.of(
            List.of(ComponentCatalog.policy("mainline", "m.jar", "", List.of(CC)),
                    ComponentCatalog.policy("corrected", "c.jar", "", List.of()),
                    ComponentCatalog.hook("vfio-ap", "v.jar", List.of(ISC)),
                    ComponentCatalog.behaviour("echo", "engine", List.of()), ComponentCatalog.behaviour("accelerator", "engine", List.of())));
    static final ComponentCatalog BARE = ComponentCatalog.of(List.of());

    static Optional<String> unmet(Kind kind, String value, ComponentCatalog installed) {
        return new Requirement(kind, value, 1).unmet(installed);
    }

    @Test
    void metRequirements() {
        assertEquals(Optional.empty(), unmet(Kind.HOOK, "vfio-ap", INSTALLED));
        assertEquals(Optional.empty(), unmet(Kind.HOOK, "none", BARE));
        assertEquals(Optional.empty(), unmet(Kind.BEHAVIOUR, "accelerator", INSTALLED));
        assertEquals(Optional.empty(), unmet(Kind.POLICY_OPTION, "mainline.cc-after-hook", INSTALLED));
        assertEquals(Optional.empty(), unmet(Kind.HOOK_OPTION, "vfio-ap.max-isc", INSTALLED));
    }

    @Test
    void unmetRequirementsSayWhatIsMissingAndWhatThereIs() {
        assertEquals("needs the hook script, which is not installed (installed: none, vfio-ap)",
                unmet(Kind.HOOK, "script", INSTALLED).orElseThrow());
        assertEquals("needs the hook vfio-ap, which is not installed (installed: only none)",
                unmet(Kind.HOOK, "vfio-ap", BARE).orElseThrow());
        assertEquals("needs the device behaviour script, which is not installed (installed: accelerator, echo)",
                unmet(Kind.BEHAVIOUR, "script", INSTALLED).orElseThrow());
        assertEquals("needs the option no-hook-status of policy mainline, which it does not have (its options: cc-after-hook)",
                unmet(Kind.POLICY_OPTION, "mainline.no-hook-status", INSTALLED).orElseThrow());
        assertEquals("needs the option x of policy corrected, which it does not have (it has none)",
                unmet(Kind.POLICY_OPTION, "corrected.x", INSTALLED).orElseThrow());
        assertEquals("needs the policy mainline (for its option cc-after-hook), which is not installed (installed: none)",
                unmet(Kind.POLICY_OPTION, "mainline.cc-after-hook", BARE).orElseThrow());
        assertEquals("needs the hook vfio-ap (for its option max-isc), which is not installed (installed: only none)",
                unmet(Kind.HOOK_OPTION, "vfio-ap.max-isc", BARE).orElseThrow());
        assertEquals("needs the option retries of hook vfio-ap, which it does not have (its options: max-isc)",
                unmet(Kind.HOOK_OPTION, "vfio-ap.retries", INSTALLED).orElseThrow());
    }

    @Test
    void anOptionRequirementNamesComponentAndOption() {
        Requirement r = new Requirement(Kind.POLICY_OPTION, "mainline.cc-after-hook", 4);
        assertEquals("mainline", r.component());
        assertEquals("cc-after-hook", r.option());
        assertEquals("policy-option: mainline.cc-after-hook", r.describe());
        assertEquals("hook: vfio-ap", new Requirement(Kind.HOOK, "vfio-ap", 1).describe());
        for (String bad : new String[]{"mainline", ".x", "mainline."}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Requirement(Kind.POLICY_OPTION, bad, 1));
            assertEquals("policy-option needs COMPONENT.OPTION, for example mainline.cc-after-hook", e.getMessage());
        }
        assertEquals(Kind.HOOK_OPTION, Kind.of("hook-option"));
        assertEquals(List.of("hook", "behaviour", "policy-option", "hook-option"), Kind.keys());
    }
}
