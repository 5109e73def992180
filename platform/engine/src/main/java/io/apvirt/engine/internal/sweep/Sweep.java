package io.apvirt.engine.internal.sweep;

import io.apvirt.api.machine.Execution;
import io.apvirt.api.machine.Vcpu;
import io.apvirt.api.outcome.Rule;
import io.apvirt.engine.internal.cdi.MachineFactory;
import io.apvirt.engine.internal.config.ApvirtSettings;
import io.apvirt.engine.internal.config.ComponentCatalog;
import io.apvirt.engine.internal.firmware.FirmwareStage;
import io.apvirt.engine.internal.machine.ApMachine;
import io.apvirt.engine.internal.scenario.Scenario;
import io.apvirt.engine.internal.scenario.ScenarioLoader;
import io.apvirt.engine.internal.scenario.Step;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The sweep behind {@code apvirt diff}: every configuration of a {@link SweepSpace} times every
 * {@link InstructionClass}, each run on a fresh machine under each selected policy and under the
 * architected reference ({@link MachineFactory#createArchitected}). A class is one instruction
 * class in one configuration. Work is split by configuration over {@code threads} threads; every
 * result lands at its class's index, so the result does not depend on the thread count.
 */
public final class Sweep {

    /**
     * @param policies  the policy ids to compare, in report order
     * @param only      the instruction class ids to sweep, in catalogue order; empty: every class
     * @param base      the validated settings the dimensions are applied to
     * @param resolver  validated settings of the base layers plus a scenario {@code config:} block (flattened,
     *                  keys with the {@code apvirt.} prefix): how a class's own configuration is applied
     * @param required  the rules the sweep must reach (an unreached one is reported)
     * @param threads   worker threads, at least 1
     */
    public record Request(List<String> policies, List<String> only, ApvirtSettings base, Function<Map<String, String>, ApvirtSettings> resolver,
                          MachineFactory factory, List<Rule> required, int threads) {
        public Request {
            policies = List.copyOf(policies);
            only = List.copyOf(only);
            required = List.copyOf(required);
            if (policies.isEmpty()) {
                throw new IllegalArgumentException("no policy to sweep");
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, not " + threads);
            }
        }
    }

    /**
     * One run of a class under one policy (or the reference): what the guest saw, the registers
     * after it, the rules it reached, whether any step intercepted and whether any asked for the hook.
     */
    private record Run(SweepOutcome outcome, long[] registers, List<String> rules, boolean intercepted, boolean hookConsulted,
                       boolean problemStateRead) {
    }

    /** The position in {@code group} of the configuration like {@code config} but with dimension {@code d} at its first value. */
    private static int member(List<int[]> configs, int[] group, int[] config, int d) {
        for (int m = 0; m < group.length; m++) {
            int[] other = configs.get(group[m]);
            boolean same = true;
            for (int x = 0; x < config.length && same; x++) {
                same = x == d ? other[x] == 0 : other[x] == config[x];
            }
            if (same) {
                return m;
            }
        }
        throw new IllegalStateException("no twin of a configuration in its group");
    }

    /**
     * The configurations in groups that differ only in the hook and the PSW state, each group in
     * configuration order (so a member comes after those with the first hook or supervisor
     * state), the groups in the order of their first members: a worker sweeps a whole group.
     */
    static List<int[]> twins(List<int[]> configs, int hook, int problemState) {
        Map<List<Integer>, List<Integer>> byRest = new LinkedHashMap<>();
        for (int c = 0; c < configs.size(); c++) {
            int[] rest = configs.get(c).clone();
            rest[hook] = 0;
            rest[problemState] = 0;
            byRest.computeIfAbsent(Arrays.stream(rest).boxed().toList(), r -> new ArrayList<>()).add(c);
        }
        return byRest.values().stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toList();
    }

    /** A class's instruction in the scenario format, read back by the scenario loader, in both PSW states. */
    private record Prepared(InstructionClass instruction, ApvirtSettings settings, Scenario supervisor, Scenario problem) {
    }

    private Sweep() {
    }

    /** The hook dimension: the configured hook, then {@code none} (or {@code none} alone). */
    public static List<String> hookValues(ApvirtSettings base) {
        return ComponentCatalog.NO_HOOK.equals(base.hook()) ? List.of(ComponentCatalog.NO_HOOK)
                : List.of(base.hook(), ComponentCatalog.NO_HOOK);
    }

    public static SweepResult run(Request request) {
        SweepSpace space = SweepSpace.standard(hookValues(request.base()));
        List<InstructionClass> instructions = InstructionCatalog.select(request.only());
        List<Prepared> prepared = new ArrayList<>();
        for (InstructionClass ic : instructions) {
            prepared.add(prepare(ic, request));
        }
        List<int[]> configs = space.configurations();
        int n = instructions.size();
        int policies = request.policies().size();
        SweepOutcome[][] outcomes = new SweepOutcome[configs.size() * n][];
        // per configuration, the rule ids each class reached (merged in configuration order below)
        List<List<String>>[] reached = newReached(configs.size());
        AtomicInteger next = new AtomicInteger();
        MachineFactory factory = io.apvirt.engine.internal.cdi.ContextualInstances.of(request.factory());
        Dimensions dimensions = new Dimensions(space);
        List<int[]> groups = twins(configs, dimensions.hook(), dimensions.problemState());
        Runnable worker = () -> {
            Execution[] last = new Execution[1];
            boolean[] intercepted = new boolean[1];
            java.util.function.Consumer<Execution> listener = e -> {
                last[0] = e;
                intercepted[0] |= e.intercept() != null;
            };
            for (int g; (g = next.getAndIncrement()) < groups.size(); ) {
                int[] group = groups.get(g);
                Run[][][] swept = new Run[group.length][][];
                for (int m = 0; m < group.length; m++) {
                    int c = group[m];
                    int[] config = configs.get(c);
                    // the member with the first hook (same PSW state), and the one in the other PSW state (same hook)
                    Run[][] hookTwin = config[dimensions.hook()] == 0 ? null : swept[member(configs, group, config, dimensions.hook())];
                    Run[][] pswTwin = config[dimensions.problemState()] == 0 ? null
                            : swept[member(configs, group, config, dimensions.problemState())];
                    Run[][] runsOfConfig = new Run[n][];
                    List<List<String>> rules = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        Prepared p = prepared.get(i);
                        ApvirtSettings settings = dimensions.apply(config, p.settings());
                        Scenario scenario = space.bool(config, dimensions.problemState()) ? p.problem() : p.supervisor();
                        Run[] runs = new Run[policies + 1];
                        for (int k = 0; k <= policies; k++) {
                            if (hookTwin != null && !hookTwin[i][k].hookConsulted()) {
                                // the same class with the first hook: no step asked for the hook, so nothing differs
                                runs[k] = hookTwin[i][k];
                            } else if (pswTwin != null && !pswTwin[i][k].problemStateRead()) {
                                // the same class in supervisor state: the swept step never read the PSW's problem state
                                runs[k] = pswTwin[i][k];
                            } else if (k > 0 && !runs[0].intercepted()) {
                                // firmware interpreted every step of the first run: no policy (nor the reference's
                                // handler) is consulted, so every run is that run (the pipeline, 11.3)
                                runs[k] = runs[0];
                            } else {
                                intercepted[0] = false;
                                ApMachine machine = k < policies
                                        ? factory.create(settings.withPolicy(request.policies().get(k)), listener)
                                        : factory.createArchitected(settings, listener);
                                Execution e = execute(machine, scenario, last);
                                List<String> ruleIds = new ArrayList<>(3);
                                collect(e, ruleIds);
                                runs[k] = new Run(SweepOutcome.of(e), e.after(), ruleIds, intercepted[0], machine.hookConsulted(),
                                        machine.lastInstructionReadProblemState());
                            }
                        }
                        SweepOutcome[] row = new SweepOutcome[policies + 1];
                        long[][] regs = new long[policies + 1][];
                        List<String> classRules = new ArrayList<>();
                        for (int k = 0; k <= policies; k++) {
                            row[k] = runs[k].outcome();
                            regs[k] = runs[k].registers();
                            classRules.addAll(runs[k].rules());
                        }
                        distinguishRegisters(row, regs);
                        outcomes[c * n + i] = row;
                        rules.add(List.copyOf(classRules));
                        runsOfConfig[i] = runs;
                    }
                    swept[m] = runsOfConfig;
                    reached[c] = rules;
                }
            }
        };
        runOn(request.threads(), worker);
        Map<String, Integer> coverage = new TreeMap<>();
        for (List<List<String>> perConfig : reached) {
            for (List<String> classRules : perConfig) {
                for (int r = 0; r < classRules.size(); r++) {
                    String id = classRules.get(r);
                    if (classRules.indexOf(id) == r) { // each rule once per class
                        coverage.merge(id, 1, Integer::sum);
                    }
                }
            }
        }
        List<String> unreached = request.required().stream().map(Rule::id).distinct()
                .filter(id -> !coverage.containsKey(id)).sorted().toList();
        List<Map<String, String>> flatConfigs = prepared.stream().map(p -> p.supervisor().config()).toList();
        return new SweepResult(space, instructions, request.policies(), outcomes, coverage,
                request.required().stream().map(Rule::id).distinct().sorted().toList(), unreached, flatConfigs);
    }

    @SuppressWarnings("unchecked")
    private static List<List<String>>[] newReached(int size) {
        return (List<List<String>>[]) new List[size];
    }

    private static void runOn(int threads, Runnable worker) {
        if (threads == 1) {
            worker.run();
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "apvirt-sweep");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(worker));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the sweep was interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("a sweep worker failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static Prepared prepare(InstructionClass ic, Request request) {
        String label = "diff class " + ic.id();
        Scenario supervisor = ScenarioLoader.parse(label, text(ic, false));
        Scenario problem = ScenarioLoader.parse(label, text(ic, true));
        ApvirtSettings settings = supervisor.config().isEmpty() ? request.base() : request.resolver().apply(supervisor.config());
        return new Prepared(ic, settings, supervisor, problem);
    }

    /** The class as a scenario: its own config block, its setup steps, then the swept step. */
    static String text(InstructionClass ic, boolean problemState) {
        List<Map<String, Object>> steps = new ArrayList<>(ic.setup());
        steps.add(ic.step(problemState));
        return ScenarioText.scenario(ic.id(), ic.description(), ic.config(), steps);
    }

    private static Execution execute(ApMachine machine, Scenario scenario, Execution[] last) {
        Vcpu cpu = machine.newVcpu();
        for (Step step : scenario.steps()) {
            step.prepare(machine, cpu);
            cpu.execute(step.instruction());
        }
        return last[0];
    }

    /** The rules an execution reached: the deciding rule, the rule that handed it on, the intercept's reason. */
    private static void collect(Execution e, List<String> out) {
        out.add(e.outcome().rule().id());
        if (e.outcome().via() != null) {
            out.add(e.outcome().via().id());
        }
        if (e.intercept() != null) {
            out.add(FirmwareStage.ruleOf(e.intercept()).id());
        }
    }

    /**
     * When two outcomes read the same but leave different registers, each text gets the
     * registers that differ ({@code cc0 0x00 gr2=720000000eff0008}), so a difference is never hidden.
     */
    static void distinguishRegisters(SweepOutcome[] row, long[][] regs) {
        for (int a = 0; a < row.length; a++) {
            for (int b = a + 1; b < row.length; b++) {
                if (row[a].text().equals(row[b].text()) && !Arrays.equals(regs[a], regs[b])) {
                    int mask = 0;
                    for (int r = 0; r < 16; r++) {
                        if (regs[a][r] != regs[b][r]) {
                            mask |= 1 << r;
                        }
                    }
                    row[a] = row[a].withText(row[a].text() + registers(regs[a], mask));
                    row[b] = row[b].withText(row[b].text() + registers(regs[b], mask));
                }
            }
        }
    }

    private static String registers(long[] regs, int mask) {
        StringBuilder b = new StringBuilder();
        for (int r = 0; r < 16; r++) {
            if ((mask & (1 << r)) != 0) {
                b.append(" gr").append(r).append('=').append(Long.toHexString(regs[r]));
            }
        }
        return b.toString();
    }

    /** The dimensions' indexes, looked up once per sweep; {@link #apply} puts their values over a class's settings. */
    private record Dimensions(SweepSpace space, int hostAp, int outer, int ic3, int ap, int apqci, int apft, int apqi,
                              int apxa, int aiv, int se, int hook, int problemState) {
        Dimensions(SweepSpace space) {
            this(space, space.dimensionIndex(SweepSpace.HOST_AP), space.dimensionIndex(SweepSpace.OUTER),
                    space.dimensionIndex(SweepSpace.IC3), space.dimensionIndex(SweepSpace.AP),
                    space.dimensionIndex(SweepSpace.APQCI), space.dimensionIndex(SweepSpace.APFT),
                    space.dimensionIndex(SweepSpace.APQI), space.dimensionIndex(SweepSpace.APXA),
                    space.dimensionIndex(SweepSpace.AIV), space.dimensionIndex(SweepSpace.SE),
                    space.dimensionIndex(SweepSpace.HOOK), space.dimensionIndex(SweepSpace.PROBLEM_STATE));
        }

        ApvirtSettings apply(int[] c, ApvirtSettings s) {
            var host = new ApvirtSettings.Host(space.bool(c, hostAp), space.bool(c, outer), space.bool(c, ic3));
            var facilities = new ApvirtSettings.Facilities(space.bool(c, ap), space.bool(c, apqci), space.bool(c, apft),
                    space.bool(c, apqi), space.bool(c, apxa));
            var guest = new ApvirtSettings.Guest(facilities, space.bool(c, aiv), space.bool(c, se), s.guest().memory());
            return new ApvirtSettings(s.policy(), (String) space.value(c, hook), host, guest, s.matrix(), s.bus(), s.devices(),
                    s.policies(), s.hooks(), s.behaviours(), s.seed(), s.scripts(), s.searchPath());
        }
    }

    /** The witness's {@code config:} block: every swept key but problem state, then the class's own block. */
    static Map<String, Object> witnessConfig(SweepSpace space, int[] c, InstructionClass ic) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int d = 0; d < space.dimensions().size(); d++) {
            String name = space.dimensions().get(d).name();
            if (!name.equals(SweepSpace.PROBLEM_STATE)) {
                out.put(name, space.value(c, d));
            }
        }
        out.putAll(ic.config());
        return out;
    }
}
