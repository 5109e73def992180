package io.apvirt.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.apvirt.cli.render.Json;
import io.apvirt.cli.render.Table;
import io.apvirt.api.policy.PolicyOption;
import io.apvirt.engine.config.ComponentCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code apvirt policies}: the policy and PQAP hook modules found, their modules and options. */
@Command(name = "policies", mixinStandardHelpOptions = true,
        description = "List the intercept policies and PQAP hooks found on the class path.")
public class PoliciesCommand implements Callable<Integer>, JsonOutput {

    /** {@code apvirt policies --json} (docs/schemas/policies.schema.json). */
    public record Document(String schema, String apvirt, List<Component> policies, List<Component> hooks) {
        public static final String SCHEMA = "apvirt.policies/1";
    }

    /** A policy or a PQAP hook: its id, the module it came from, what it models and its options. */
    public record Component(String id, String module, String description, List<ComponentOption> options) {
    }

    /** An option of a component ({@code apvirt.policies.<id>.<name>}, {@code apvirt.plugins.<hook>.<name>}). */
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
    public Integer call() throws Exception {
        try (Session session = new Session()) {
            ComponentCatalog catalog = session.registry().catalog();
            var out = spec.commandLine().getOut();
            if (json) {
                List<Component> policies = new ArrayList<>();
                for (var p : catalog.policies().values()) {
                    policies.add(new Component(p.id(), p.module(), p.description(), options(p.options())));
                }
                List<Component> hooks = new ArrayList<>();
                for (var h : catalog.hooks().entrySet()) {
                    hooks.add(new Component(h.getKey(), h.getValue(), session.registry().hook(h.getKey()).description(),
                            options(catalog.hookOptionSpecs().getOrDefault(h.getKey(), List.of()))));
                }
                out.print(Json.write(new Document(Document.SCHEMA, ApvirtCli.version(), policies, hooks)));
            } else {
                Table t = new Table("ID", "MODULE", "OPTIONS (default first)", "DESCRIPTION");
                for (var p : catalog.policies().values()) {
                    t.row(p.id(), p.module(), summary(p.options()), p.description());
                }
                out.print(t.render());
                Table h = new Table("HOOK", "MODULE", "OPTIONS (default first)", "DESCRIPTION");
                for (var e : catalog.hooks().entrySet()) {
                    h.row(e.getKey(), e.getValue(), summary(catalog.hookOptionSpecs().getOrDefault(e.getKey(), List.of())),
                            session.registry().hook(e.getKey()).description());
                }
                out.println();
                out.print(h.render());
            }
            return ExitCode.OK;
        }
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
