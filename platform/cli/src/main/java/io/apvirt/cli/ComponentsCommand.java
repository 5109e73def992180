package io.apvirt.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.apvirt.api.policy.PolicyOption;
import io.apvirt.cli.render.Json;
import io.apvirt.cli.render.Table;
import io.apvirt.engine.cdi.ComponentRegistry;
import io.apvirt.engine.cdi.ComponentStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code apvirt components} (alias {@code policies}): every policy, PQAP hook and device
 * behaviour bean found, with its module, options and state ({@code loaded} or {@code failed}
 * with the reason, as pf4j lists its plugins).
 */
@Command(name = "components", aliases = "policies", mixinStandardHelpOptions = true,
        description = {"List the intercept policies, PQAP hooks and device behaviours found on the class path and the "
                + "plugin path, with their module, options and state (loaded, or failed and why).",
                "Exit 2 when two beans declare one id or a bean has no id (every other command refuses to run then too)."})
public class ComponentsCommand implements Callable<Integer>, JsonOutput {

    /** {@code apvirt components --json} (docs/schemas/policies.schema.json). */
    public record Document(String schema, String apvirt, List<Component> policies, List<Component> hooks,
                           List<Component> behaviours) {
        public static final String SCHEMA = "apvirt.policies/2";
    }

    /**
     * A policy, a PQAP hook or a device behaviour: its id, the module it came from, what it models, its
     * options and its state.
     *
     * @param id      null for a bean without its id qualifier
     * @param failure null when {@code state} is {@code loaded}
     */
    public record Component(String id, String kind, String module, @JsonProperty("class") String className,
                            String description, List<ComponentOption> options, String state, String failure) {
    }

    /** An option of a component ({@code apvirt.policies.<id>.<name>}, {@code apvirt.hooks.<hook>.<name>}). */
    public record ComponentOption(String name, List<String> allowed, @JsonProperty("default") String defaultValue,
                                  String description) {
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON document (docs/schemas/policies.schema.json)")
    boolean json;

    @Override
    public boolean json() {
        return json;
    }

    @Override
    public Integer call() {
        try (Session session = Session.listing()) {
            ComponentRegistry registry = session.registry();
            List<ComponentStatus> all = registry.components();
            var out = spec.commandLine().getOut();
            if (json) {
                out.print(Json.write(new Document(Document.SCHEMA, ApvirtCli.version(), of(all, ComponentRegistry.KIND_POLICY),
                        of(all, ComponentRegistry.KIND_HOOK), of(all, ComponentRegistry.KIND_BEHAVIOUR))));
            } else {
                Table t = new Table("KIND", "ID", "STATE", "MODULE", "OPTIONS (default first)", "DESCRIPTION");
                for (ComponentStatus c : all) {
                    t.row(c.kind(), c.id() == null ? "-" : c.id(), c.state(), c.module(), summary(c.options()),
                            java.util.Objects.toString(c.loaded() ? c.description() : c.failure(), "-"));
                }
                out.print(t.render());
            }
            out.flush();
            List<String> conflicts = registry.conflicts();
            if (!conflicts.isEmpty()) {
                var err = spec.commandLine().getErr();
                ApvirtCli.printConflicts(conflicts, err);
                return ExitCode.INVALID_INPUT;
            }
            return ExitCode.OK;
        }
    }

    private static List<Component> of(List<ComponentStatus> all, String kind) {
        return all.stream().filter(c -> c.kind().equals(kind)).map(c -> new Component(c.id(), c.kind(), c.module(), c.className(),
                c.description(), options(c.options()), c.state(), c.failure())).toList();
    }

    private static List<ComponentOption> options(List<PolicyOption> declared) {
        return declared.stream().map(o -> new ComponentOption(o.name(), List.copyOf(o.allowed()), o.defaultValue(), o.description())).toList();
    }

    /** {@code name=default|other|other ...}, or {@code -} without options. */
    private static String summary(List<PolicyOption> declared) {
        List<String> opts = declared.stream().map(o -> o.name() + "=" + o.defaultValue() + "|"
                + String.join("|", o.allowed().stream().filter(a -> !a.equals(o.defaultValue())).toList())).toList();
        return opts.isEmpty() ? "-" : String.join(" ", opts);
    }
}
