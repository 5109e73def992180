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

/** {@code apvirt policies}: the policy modules found, their modules and options. */
@Command(name = "policies", mixinStandardHelpOptions = true, description = "List the intercept policies found on the class path.")
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
                    List<Map<String, Object>> options = new ArrayList<>();
                    for (PolicyOption o : p.options()) {
                        Map<String, Object> om = new LinkedHashMap<>();
                        om.put("name", o.name());
                        om.put("allowed", o.allowed());
                        om.put("default", o.defaultValue());
                        om.put("description", o.description());
                        options.add(om);
                    }
                    m.put("options", options);
                    list.add(m);
                }
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(Map.of("policies", list)));
            } else {
                Table t = new Table("ID", "MODULE", "OPTIONS (default first)", "DESCRIPTION");
                for (var p : catalog.policies().values()) {
                    List<String> opts = p.options().stream().map(o -> o.name() + "=" + o.defaultValue() + "|"
                            + String.join("|", o.allowed().stream().filter(a -> !a.equals(o.defaultValue())).toList())).toList();
                    t.row(p.id(), p.module(), opts.isEmpty() ? "-" : String.join(" ", opts), p.description());
                }
                out.print(t.render());
            }
            return ExitCode.OK;
        }
    }
}
