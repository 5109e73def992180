package io.apvirt.cli;

import io.apvirt.api.machine.Machine;
import io.apvirt.cli.render.DevicesReport;
import io.apvirt.cli.render.Json;
import io.apvirt.engine.internal.config.ApvirtSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/** {@code apvirt devices}: the configured AP bus, one line per queue, as lszcrypt lists it. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = {"List the queues of the configured AP bus (lszcrypt-like): one line per adapter x domain.",
                "MATRIX says whether the guest's APM x AQM includes the queue; ISC is the interruption subclass while IRQ is on."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed", "2:invalid configuration or command line"})
public class DevicesCommand implements Callable<Integer>, JsonOutput {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Option(names = "--json", description = {"Print one JSON document (numbers as numbers) instead of the table "
            + "(docs/schemas/devices.schema.json); an error is a JSON document too (docs/schemas/error.schema.json)"})
    boolean json;

    @Override
    public boolean json() {
        return json;
    }

    @Override
    public Integer call() throws Exception {
        try (Session session = new Session()) {
            ApvirtSettings settings = session.configuration().resolve(config.layers());
            Machine machine = session.machines().create(settings);
            var out = spec.commandLine().getOut();
            if (json) {
                out.print(Json.write(DevicesReport.Document.of(ApvirtCli.version(), DevicesReport.bus(machine))));
            } else {
                out.print(DevicesReport.table(machine));
            }
            out.flush();
            return ExitCode.OK;
        }
    }
}
