package io.apvirt.engine.internal.conformance;

import io.apvirt.engine.internal.scenario.Scenario;
import io.apvirt.engine.internal.scenario.ScenarioException;
import io.apvirt.engine.internal.scenario.ScenarioLoader;
import io.apvirt.engine.internal.scenario.Step;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files of a conformance run, in order: the built-in catalogue (resources of the engine,
 * listed in {@value #INDEX}, so nothing scans the class path) or the user's scenario files.
 *
 * @param source what the files are, for reports: {@code built-in catalogue} or {@code catalogue files}
 */
public record ConformanceCatalogue(String source, List<Scenario> files) {

    /** The folder of the built-in catalogue on the class path. */
    public static final String RESOURCES = "io/apvirt/conformance/";
    /** The file names of the built-in catalogue, one a line, in run order ({@code #} starts a comment). */
    public static final String INDEX = RESOURCES + "index.txt";
    /** How a built-in file is named in messages: {@code classpath:io/apvirt/conformance/priority.yaml}. */
    public static final String CLASSPATH = "classpath:";

    public ConformanceCatalogue {
        files = List.copyOf(files);
    }

    /** The built-in catalogue (docs/architecture.md#11). */
    public static ConformanceCatalogue builtIn() {
        ClassLoader loader = ConformanceCatalogue.class.getClassLoader();
        List<Scenario> files = new ArrayList<>();
        for (String name : builtInNames()) {
            String resource = RESOURCES + name;
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new ScenarioException(CLASSPATH + INDEX, "lists " + name + ", which is not on the class path");
                }
                files.add(ScenarioLoader.parse(CLASSPATH + resource, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new ScenarioException(CLASSPATH + resource, "cannot read: " + e.getMessage());
            }
        }
        return new ConformanceCatalogue("built-in catalogue", files);
    }

    /** The file names {@value #INDEX} lists. */
    public static List<String> builtInNames() {
        try (InputStream in = ConformanceCatalogue.class.getClassLoader().getResourceAsStream(INDEX)) {
            if (in == null) {
                throw new ScenarioException(CLASSPATH + INDEX, "the index of the built-in catalogue is missing from the engine jar");
            }
            List<String> names = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String name = line.replaceFirst("#.*", "").strip();
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
            return List.copyOf(names);
        } catch (IOException e) {
            throw new ScenarioException(CLASSPATH + INDEX, "cannot read: " + e.getMessage());
        }
    }

    /**
     * The user's catalogue: ordinary scenario files, in the order given.
     *
     * @throws ScenarioException with every problem of every file, file by file in the order given
     */
    public static ConformanceCatalogue load(List<Path> paths) {
        Loading loading = loadEach(paths);
        if (!loading.problems().isEmpty()) {
            throw new ScenarioException(loading.problems());
        }
        return loading.catalogue();
    }

    /** The files that load, and every problem of those that do not (file by file in the order given). */
    public record Loading(ConformanceCatalogue catalogue, List<ScenarioException.Problem> problems) {
        public Loading {
            problems = List.copyOf(problems);
        }
    }

    /** Each of {@code paths} loaded on its own, so the problems of one file do not hide those of the next. */
    public static Loading loadEach(List<Path> paths) {
        List<Scenario> files = new ArrayList<>();
        List<ScenarioException.Problem> problems = new ArrayList<>();
        for (Path p : paths) {
            try {
                files.add(ScenarioLoader.load(p));
            } catch (ScenarioException e) {
                problems.addAll(e.problems());
            }
        }
        return new Loading(new ConformanceCatalogue("catalogue files", files), problems);
    }

    /** Every case (a step with an expectation), file by file, step by step. */
    public List<ConformanceCase> cases() {
        List<ConformanceCase> out = new ArrayList<>();
        for (Scenario file : files) {
            for (Step step : file.steps()) {
                if (step.isCase()) {
                    out.add(new ConformanceCase(file, step));
                }
            }
        }
        return List.copyOf(out);
    }
}
