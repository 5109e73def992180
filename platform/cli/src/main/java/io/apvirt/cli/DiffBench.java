package io.apvirt.cli;

import io.apvirt.engine.internal.cdi.ComponentRegistry;
import io.apvirt.engine.internal.config.ApvirtSettings;
import io.apvirt.engine.internal.config.ConfigLayers;
import io.apvirt.engine.internal.sweep.DiffAnalysis;
import io.apvirt.engine.internal.sweep.Sweep;
import io.apvirt.engine.internal.sweep.SweepResult;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code apvirt bench --diff}: the sweep of {@code apvirt diff} (every installed policy, the
 * whole space) timed in one JVM, side by side for each thread count: one warm-up sweep, then
 * {@code repeat} rounds in which every thread count sweeps once, in turn, so a machine that gets
 * busier affects all of them alike. Reports the median wall time of the sweep and of the
 * analysis (rows, departures), classes per second and the speed-up against the first count.
 */
final class DiffBench {

    record Figure(int threads, double sweepMs, double analysisMs, double classesPerSecond, double speedup) {
    }

    private DiffBench() {
    }

    static int run(Session session, ConfigLayers layers, List<Integer> threadCounts, int repeat, boolean json, PrintWriter out) {
        ComponentRegistry registry = session.registry();
        List<String> policies = List.copyOf(registry.catalog().policies().keySet());
        ApvirtSettings base = session.configuration().resolve(layers);
        Sweep.Request template = new Sweep.Request(policies, List.of(), base,
                extra -> session.configuration().resolve(layers.withScenario("apvirt bench --diff", extra)), session.machines(),
                DiffCommand.required(registry, policies, base), 1);
        int classes = 0;
        for (int threads : threadCounts) { // warm-up
            classes = (int) timed(template, threads)[2];
        }
        Map<Integer, double[]> sweep = new LinkedHashMap<>();
        Map<Integer, double[]> analysis = new LinkedHashMap<>();
        threadCounts.forEach(t -> {
            sweep.put(t, new double[repeat]);
            analysis.put(t, new double[repeat]);
        });
        for (int r = 0; r < repeat; r++) {
            for (int threads : threadCounts) {
                double[] t = timed(template, threads);
                sweep.get(threads)[r] = t[0];
                analysis.get(threads)[r] = t[1];
            }
        }
        List<Figure> figures = new ArrayList<>();
        double first = median(sweep.get(threadCounts.get(0)));
        for (int threads : threadCounts) {
            double ms = median(sweep.get(threads));
            figures.add(new Figure(threads, ms, median(analysis.get(threads)), classes / (ms / 1000), first / ms));
        }
        if (json) {
            out.print(io.apvirt.cli.render.Json.write(new Document("apvirt.bench-diff/1", policies, classes, repeat, figures)));
        } else {
            out.printf("diff sweep: %,d classes (%s), every class under %d policies and the architected reference; "
                    + "median of %d rounds after a warm-up%n", classes, String.join(", ", policies), policies.size(), repeat);
            out.println("THREADS  SWEEP-MS  ANALYSIS-MS  CLASSES/S   SPEED-UP");
            for (Figure f : figures) {
                out.printf("%-7d  %8.0f  %11.0f  %,10.0f  %.2fx%n", f.threads(), f.sweepMs(), f.analysisMs(), f.classesPerSecond(),
                        f.speedup());
            }
        }
        out.flush();
        return ExitCode.OK;
    }

    record Document(String schema, List<String> policies, int classes, int rounds, List<Figure> figures) {
    }

    private static Sweep.Request with(Sweep.Request t, int threads) {
        return new Sweep.Request(t.policies(), t.only(), t.base(), t.resolver(), t.factory(), t.required(), threads);
    }

    /** {sweep ms, analysis ms, classes}. */
    private static double[] timed(Sweep.Request template, int threads) {
        long t0 = System.nanoTime();
        SweepResult result = Sweep.run(with(template, threads));
        long t1 = System.nanoTime();
        DiffAnalysis.analyse(result, false);
        long t2 = System.nanoTime();
        return new double[]{(t1 - t0) / 1e6, (t2 - t1) / 1e6, result.classCount()};
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
