package io.apvirt.engine.internal.scenario;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fields a step may carry for {@code apvirt conformance} (README "Conformance"); the
 * other commands read them and do nothing with them.
 *
 * @param cite          {@code cite:} the section of docs/architecture.md the case checks, or {@code ""}
 * @param xfailByPolicy {@code xfail-by-policy:} policy id to the known departure of that policy from
 *                      {@code expect}: under that policy a failing case is an XFAIL, a passing one an XPASS
 * @param requires      {@code requires:} what must be installed for the step to run (else its case is a SKIP)
 */
public record CatalogueFields(String cite, Map<String, Xfail> xfailByPolicy, List<Requirement> requires) {

    /** A step without any of the fields. */
    public static final CatalogueFields NONE = new CatalogueFields("", Map.of(), List.of());

    /** A known departure: why the policy is expected to miss the step's {@code expect}. */
    public record Xfail(int line, String reason) {
    }

    public CatalogueFields {
        xfailByPolicy = java.util.Collections.unmodifiableMap(new TreeMap<>(xfailByPolicy));
        requires = List.copyOf(requires);
    }
}
