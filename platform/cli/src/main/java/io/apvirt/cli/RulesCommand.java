package io.apvirt.cli;

import io.apvirt.api.outcome.Rule;
import io.apvirt.cli.render.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code apvirt rules}: every rule of the model with its source (the README's Fidelity table). */
@Command(name = "rules", mixinStandardHelpOptions = true, description = "List every rule of the model with the source it cites.")
public class RulesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--markdown", description = "Print a Markdown table (the README's Fidelity table)")
    boolean markdown;

    @Override
    public Integer call() {
        try (Session session = new Session()) {
            Map<String, List<Rule>> rules = session.registry().rules();
            var out = spec.commandLine().getOut();
            if (markdown) {
                out.println("| rule id | component | what it decides | source |");
                out.println("|---|---|---|---|");
                rules.forEach((component, list) -> list.forEach(r ->
                        out.println("| `" + r.id() + "` | " + component + " | " + r.summary() + " | " + r.source() + " |")));
            } else {
                Table t = new Table("RULE", "COMPONENT", "SOURCE");
                rules.forEach((component, list) -> list.forEach(r -> t.row(r.id(), component, r.source())));
                out.print(t.render());
            }
            return ExitCode.OK;
        }
    }
}
