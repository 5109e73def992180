package io.apvirt.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.apvirt.cli.render.Table;
import io.apvirt.api.policy.PolicyOption;
import io.apvirt.engine.config.ComponentCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code apvirt policies}: the policy and PQAP hook modules found, their modules and options. */
@Command(name = "policies", mixinStandardHelpOptions = true,
        description = "List the intercept policies and PQAP hooks found on the class path.")
public class PoliciesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (Session session = new Session()) {
            ComponentCatalog catalog = session.registry().catalog();
            var out = spec.commandLine().getOut();
            if (json) {
                List<Map<String, Object>> list = new ArrayList<>();
                for (var p : catalog.policies().values()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", p.id());
                    m.put("module", p.module());
                    m.put("description", p.description());
                    m.put("options", options(p.options()));
                    list.add(m);
                }
                List<Map<String, Object>> hooks = new ArrayList<>();
                for (var h : catalog.hooks().entrySet()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", h.getKey());
                    m.put("module", h.getValue());
                    m.put("description", session.registry().hook(h.getKey()).description());
                    m.put("options", options(catalog.hookOptionSpecs().getOrDefault(h.getKey(), List.of())));
                    hooks.add(m);
                }
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("policies", list);
                doc.put("hooks", hooks);
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
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

    private static List<Map<String, Object>> options(List<PolicyOption> declared) {
        List<Map<String, Object>> options = new ArrayList<>();
        for (PolicyOption o : declared) {
            Map<String, Object> om = new LinkedHashMap<>();
            om.put("name", o.name());
            om.put("allowed", o.allowed());
            om.put("default", o.defaultValue());
            om.put("description", o.description());
            options.add(om);
        }
        return options;
    }

    /** {@code name=default|other|other ...}, or {@code -} without options. */
    private static String summary(List<PolicyOption> declared) {
        List<String> opts = declared.stream().map(o -> o.name() + "=" + o.defaultValue() + "|"
                + String.join("|", o.allowed().stream().filter(a -> !a.equals(o.defaultValue())).toList())).toList();
        return opts.isEmpty() ? "-" : String.join(" ", opts);
    }
}
