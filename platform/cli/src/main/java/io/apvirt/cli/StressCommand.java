package io.apvirt.cli;

import io.apvirt.api.arch.Apqn;
import io.apvirt.api.arch.Hex;
import io.apvirt.cli.render.Json;
import io.apvirt.engine.internal.config.ApvirtSettings;
import io.apvirt.engine.internal.config.ConfigKeys;
import io.apvirt.engine.internal.config.ConfigLayers;
import io.apvirt.engine.internal.machine.ApMachine;
import io.apvirt.engine.internal.workload.StressPlan;
import io.apvirt.engine.internal.workload.StressReport;
import io.apvirt.engine.internal.workload.StressRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * {@code apvirt stress}: N vCPU threads issuing a seeded random mix of AP instructions on one
 * machine, with faults injected when asked, then the message ledger checked (see
 * {@link StressRun}). The machine is the configuration with the stress topology on top
 * ({@link #topology}); {@code --set} values override it.
 */
@Command(name = "stress", mixinStandardHelpOptions = true,
        description = {"Run N vCPU threads of M random AP instructions each (PQAP of every function code, invalid ones too, "
                + "NQAP and DQAP, AQIC on and off) on one machine, on queues of the matrix and outside it; with --faults also "
                + "VM resets, unassignments and assignments of adapters and domains, an adapter that checkstops, one that is "
                + "deconfigured and a hostile script device (loops, allocates, throws, returns garbage). Then the message "
                + "ledger: accepted = replied + dropped + pending, no reply twice or to the wrong queue.",
                "The same --seed gives the same instructions and faults (and on one vCPU the same counts)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the ledger balances: lost 0, duplicated 0, every script fault stayed with its device",
                "1:a message was lost or duplicated, a fault escaped its device, a vCPU failed or the run stalled "
                        + "(the watchdog prints every vCPU's stack)",
                "2:invalid configuration or command line"})
public class StressCommand implements Callable<Integer>, JsonOutput {

    static final String SCHEMA = "apvirt.stress/1";
    static final long BUFFER_BASE = 0x10000;
    static final List<Integer> ADAPTERS = List.of(3, 4, 5, 6);
    static final List<Integer> DOMAINS = List.of(5, 6);
    /** On the host, not assigned: its queues are outside the matrix. */
    static final int UNASSIGNED_ADAPTER = 7;
    static final int DECONFIGURED = 4;
    static final int HOSTILE = 5;
    static final int CHECKSTOPPING = 6;
    static final String HOSTILE_SCRIPT = "script:hooks/stress-hostile.js";

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Option(names = "--vcpus", paramLabel = "N", defaultValue = "2", description = "vCPU threads, 1-" + BenchCommand.MAX_VCPUS
            + " (default: ${DEFAULT-VALUE})")
    int vcpus;

    @Option(names = "--instructions", paramLabel = "M", defaultValue = "100000", description = "Instructions per vCPU, "
            + "1-4294967295 (default: ${DEFAULT-VALUE}); faults come on top")
    long instructions;

    @Option(names = "--faults", description = "Inject faults: VM resets, unassignments and assignments, a checkstopping and a "
            + "deconfigured adapter, hostile script faults")
    boolean faults;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of every random choice: 0 to "
            + "18446744073709551615, decimal or 0x hex (default: ${DEFAULT-VALUE})")
    String seed;

    @Option(names = "--stall", paramLabel = "SECONDS", defaultValue = "5", description = "Wall time without any vCPU "
            + "progressing after which the watchdog stops the run, 1-3600 (default: ${DEFAULT-VALUE})")
    int stallSeconds;

    @Option(names = "--hostile", paramLabel = "REF", defaultValue = HOSTILE_SCRIPT, description = "With --faults: the "
            + "behaviour of the hostile adapter 05 (default: ${DEFAULT-VALUE})")
    String hostile;

    @Option(names = "--policy", paramLabel = "ID", description = "The policy (same as --set apvirt.policy=ID)")
    String policy;

    @Option(names = "--json", description = "Print one JSON document (docs/schemas/stress.schema.json) instead of the table; "
            + "an error is a JSON document too")
    boolean json;

    @Override
    public boolean json() {
        return json;
    }

    /** The machine and the plan of a run. */
    record Setup(ApMachine machine, StressPlan plan) {
    }

    @Override
    public Integer call() throws Exception {
        long seedValue = seed();
        if (vcpus < 1 || vcpus > BenchCommand.MAX_VCPUS) {
            throw new ParameterException(spec.commandLine(), "--vcpus must be between 1 and " + BenchCommand.MAX_VCPUS + ", not " + vcpus);
        }
        if (instructions < 1 || instructions > 0xFFFF_FFFFL) {
            throw new ParameterException(spec.commandLine(), "--instructions must be between 1 and 4294967295 (the low word "
                    + "of a PSMID numbers them), not " + instructions);
        }
        if (stallSeconds < 1 || stallSeconds > 3600) {
            throw new ParameterException(spec.commandLine(), "--stall must be between 1 and 3600 seconds, not " + stallSeconds);
        }
        if (!hostile.equals(HOSTILE_SCRIPT) && !faults) {
            throw new ParameterException(spec.commandLine(), "--hostile needs --faults");
        }
        var err = spec.commandLine().getErr();
        var out = spec.commandLine().getOut();
        try (Session session = new Session()) {
            Setup setup = setup(session, layers(seedValue), vcpus, instructions, faults, seedValue, Duration.ofSeconds(stallSeconds));
            if (setup == null) {
                err.println("apvirt: stress: no queue of the bus is in the guest's matrix (APM x AQM); nothing ran.");
                return ExitCode.INVALID_INPUT;
            }
            if (setup.plan().memoryEnd() > setup.machine().memory().size()) {
                err.println("apvirt: stress: " + vcpus + " vCPUs need guest memory up to 0x" + Long.toHexString(setup.plan().memoryEnd())
                        + " for their buffers; the guest has " + setup.machine().memory().size() + " bytes (--set apvirt.guest.memory=...); nothing ran.");
                return ExitCode.INVALID_INPUT;
            }
            StressReport report = StressRun.run(setup.machine(), setup.plan());
            out.print(json ? Json.write(StressText.document(report, setup.machine())) : StressText.text(report, setup.machine()));
            out.flush();
            if (report.stalled() != null) {
                err.println("apvirt: stress: the run stalled: " + report.stalled());
            }
            for (String f : report.failures()) {
                err.println("apvirt: stress: " + f);
            }
            return report.passed() ? ExitCode.OK : ExitCode.EXPECTATION_FAILED;
        }
    }

    private long seed() {
        try {
            return Hex.parseUnsigned(seed.replace("_", ""));
        } catch (RuntimeException e) {
            throw new ParameterException(spec.commandLine(), "--seed " + seed + ": not a number from 0 to 18446744073709551615 "
                    + "(decimal or 0x hex)");
        }
    }

    /** {@code --config}, the stress topology, then {@code --set} over it, then {@code --policy}. */
    ConfigLayers layers(long seedValue) {
        ConfigLayers given = config.layers();
        Map<String, String> sets = new LinkedHashMap<>(topology(faults, seedValue, vcpus, instructions, hostile));
        sets.putAll(given.sets());
        ConfigLayers layers = new ConfigLayers(given.configFile(), given.scenarioName(), given.scenario(), given.environment(),
                given.systemProperties(), sets, given.options(), given.setsSource());
        return policy == null ? layers : layers.withOption("--policy", ConfigKeys.POLICY, policy);
    }

    /**
     * The stress machine: adapters 03-06 x domains 0005-0006 assigned, adapter 07 on the host but
     * not assigned; scripts answer a failure with busy (RC 0x05, the device goes on) within 20 ms.
     * With faults: 04 is deconfigured at a tick of the second half of the run, 05 is the hostile
     * script, 06 checkstops after a number of accepted requests; both numbers drawn from the seed.
     */
    static Map<String, String> topology(boolean faults, long seed, int vcpus, long instructions, String hostile) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("apvirt.matrix.adapters", join(ADAPTERS));
        s.put("apvirt.matrix.domains", join(DOMAINS));
        s.put("apvirt.matrix.control-domains", join(DOMAINS));
        s.put("apvirt.seed", Long.toUnsignedString(seed));
        s.put("apvirt.scripts.on-failure", "busy");
        s.put("apvirt.scripts.timeout", "20ms");
        List<Integer> adapters = new java.util.ArrayList<>(ADAPTERS);
        adapters.add(UNASSIGNED_ADAPTER);
        for (int i = 0; i < adapters.size(); i++) {
            s.put(ConfigKeys.device(i, "adapter"), String.valueOf(adapters.get(i)));
            s.put(ConfigKeys.device(i, "domains"), join(DOMAINS));
        }
        if (faults) {
            SplittableRandom r = new SplittableRandom(~seed);
            long ticks = vcpus * instructions;
            s.put(ConfigKeys.device(adapters.indexOf(DECONFIGURED), "faults.deconfigure-at"), String.valueOf(ticks / 2 + r.nextLong(ticks / 4 + 1)));
            s.put(ConfigKeys.device(adapters.indexOf(HOSTILE), "behaviour"), hostile);
            s.put(ConfigKeys.device(adapters.indexOf(CHECKSTOPPING), "faults.checkstop-after"), String.valueOf(1 + r.nextLong(Math.max(1, ticks / 100))));
        }
        return s;
    }

    private static String join(List<Integer> numbers) {
        return String.join(",", numbers.stream().map(String::valueOf).toList());
    }

    /**
     * The machine of the layers and the plan on it: the matrix at the start, APQNs outside it, the
     * faulty adapters; {@code null} when no queue is in the guest's matrix.
     */
    static Setup setup(Session session, ConfigLayers layers, int vcpus, long instructions, boolean faults, long seed, Duration stall) {
        ApvirtSettings settings = session.configuration().resolve(layers);
        new ConfiguredScripts(session).check(layers, settings);
        ApMachine machine = session.machines().create(settings);
        List<Apqn> matrix = machine.queues().stream().map(q -> q.apqn()).filter(machine.guest()::inMatrix).toList();
        if (matrix.isEmpty()) {
            return null;
        }
        List<Apqn> outside = List.of(new Apqn(UNASSIGNED_ADAPTER, DOMAINS.get(0)), new Apqn(ADAPTERS.get(0), 7), new Apqn(1, 1));
        StressPlan plan = new StressPlan(vcpus, instructions, faults, seed, matrix, outside,
                faults ? Set.of(HOSTILE) : Set.of(), faults ? Set.of(CHECKSTOPPING) : Set.of(), ADAPTERS, DOMAINS, BUFFER_BASE, stall);
        return new Setup(machine, plan);
    }
}
