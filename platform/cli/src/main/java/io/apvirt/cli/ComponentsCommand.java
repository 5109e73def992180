package io.apvirt.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.apvirt.api.plugin.ComponentKind;
import io.apvirt.cli.render.Json;
import io.apvirt.cli.render.Table;
import io.apvirt.engine.internal.cdi.ComponentRegistry;
import io.apvirt.engine.internal.cdi.ComponentStatus;
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
        public static final String SCHEMA = "apvirt.policies/3";
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

    /**
     * A typed option of a component ({@code apvirt.policies.<id>.<name>}, {@code apvirt.hooks.<id>.<name>},
     * {@code apvirt.behaviours.<id>.<name>}).
     *
     * @param type     {@code choice}, {@code number} or {@code flag}
     * @param accepted what it accepts, as a refusal says it ("one of 0x06 | 0x08", "a whole number from 0 to 7")
     * @param values   a choice's words, a flag's {@code true} and {@code false}; null for a number
     * @param min      a number's least value; null otherwise
     * @param max      a number's greatest value; null otherwise
     */
    public record ComponentOption(String name, String type, @JsonProperty("default") String defaultValue, String accepted,
                                  List<String> values, Long min, Long max, String description) {
        static ComponentOption of(io.apvirt.api.plugin.Option o) {
            return switch (o) {
                case io.apvirt.api.plugin.Option.Choice c -> new ComponentOption(c.name(), "choice", c.defaultText(), c.accepted(),
                        c.values(), null, null, c.description());
                case io.apvirt.api.plugin.Option.Number n -> new ComponentOption(n.name(), "number", n.defaultText(), n.accepted(),
                        null, n.min(), n.max(), n.description());
                case io.apvirt.api.plugin.Option.Flag f -> new ComponentOption(f.name(), "flag", f.defaultText(), f.accepted(),
                        List.of("true", "false"), null, null, f.description());
            };
        }
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
                out.print(Json.write(new Document(Document.SCHEMA, ApvirtCli.version(), of(all, ComponentKind.POLICY),
                        of(all, ComponentKind.HOOK), of(all, ComponentKind.BEHAVIOUR))));
            } else {
                Table t = new Table("KIND", "ID", "STATE", "MODULE", "OPTIONS (default first)", "DESCRIPTION");
                for (ComponentStatus c : all) {
                    t.row(c.kind().label(), c.id() == null ? "-" : c.id(), c.state(), c.module(), summary(c.options()),
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

    private static List<Component> of(List<ComponentStatus> all, ComponentKind kind) {
        return all.stream().filter(c -> c.kind() == kind).map(c -> new Component(c.id(), c.kind().label(), c.module(), c.className(),
                c.description(), c.options().stream().map(ComponentOption::of).toList(), c.state(), c.failure())).toList();
    }

    /** {@code name=default|other ...} for a choice or flag, {@code name=default (min-max)} for a number, or {@code -} without options. */
    private static String summary(List<io.apvirt.api.plugin.Option> declared) {
        List<String> opts = declared.stream().map(o -> o.name() + "=" + switch (o) {
            case io.apvirt.api.plugin.Option.Choice c -> String.join("|", java.util.stream.Stream.concat(java.util.stream.Stream.of(c.defaultValue()),
                    c.values().stream().filter(v -> !v.equals(c.defaultValue()))).toList());
            case io.apvirt.api.plugin.Option.Number n -> n.defaultText() + " (" + n.min() + "-" + n.max() + ")";
            case io.apvirt.api.plugin.Option.Flag f -> f.defaultText() + "|" + !f.defaultValue();
        }).toList();
        return opts.isEmpty() ? "-" : String.join(" ", opts);
    }
}
