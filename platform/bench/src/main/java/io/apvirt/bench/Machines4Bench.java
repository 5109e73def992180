package io.apvirt.bench;

import io.apvirt.api.embed.MachineSettings;
import io.apvirt.api.machine.Machine;
import io.apvirt.engine.Apvirt;
import io.apvirt.engine.internal.scenario.Scenario;
import io.apvirt.engine.internal.scenario.ScenarioLoader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** What every benchmark starts from: one booted container per trial, machines from settings, the decision mix. */
final class Machines4Bench {

    private Machines4Bench() {
    }

    /** {@code scripts/bench/decision-mix.yaml}, packed into this module. */
    static Scenario decisionMix() {
        try (InputStream in = Machines4Bench.class.getResourceAsStream("decision-mix.yaml")) {
            if (in == null) {
                throw new IllegalStateException("decision-mix.yaml is missing from the bench jar");
            }
            return ScenarioLoader.parse("scripts/bench/decision-mix.yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A machine of these settings with the scenario's own {@code config:} on top. */
    static Machine machine(Apvirt apvirt, MachineSettings settings, Scenario scenario) {
        MachineSettings s = settings;
        for (Map.Entry<String, String> e : scenario.config().entrySet()) {
            s = s.with(e.getKey(), e.getValue());
        }
        return apvirt.machine(s);
    }
}
