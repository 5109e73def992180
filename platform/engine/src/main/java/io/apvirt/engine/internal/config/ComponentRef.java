package io.apvirt.engine.internal.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A reference to a component in the configuration: {@code echo}, or {@code script:hooks/x.js},
 * the component id {@code script} with an argument that names a file. A relative file is
 * looked up in the working directory first, then along the search path (the configuration
 * file's folder, the scenario's folder, {@code $APVIRT_HOME/scripts}, then {@code scripts/}).
 */
public record ComponentRef(String id, String argument) {

    public static ComponentRef parse(String text) {
        int colon = text.indexOf(':');
        return colon < 0 ? new ComponentRef(text, null) : new ComponentRef(text.substring(0, colon), text.substring(colon + 1));
    }

    /**
     * The argument as a file: in the working directory, else along the search path; {@code null}
     * when it is not found (or there is none).
     */
    public Path file(List<Path> searchPath) {
        if (argument == null || argument.isBlank()) {
            return null;
        }
        return find(argument, searchPath);
    }

    /** {@code name} in the working directory (or as given when absolute), else the first along {@code searchPath}. */
    public static Path find(String name, List<Path> searchPath) {
        Path given = Path.of(name);
        if (given.isAbsolute()) {
            return Files.isRegularFile(given) ? given : null;
        }
        if (Files.isRegularFile(given)) {
            return given.toAbsolutePath().normalize();
        }
        for (Path dir : searchPath) {
            Path candidate = dir.resolve(name).normalize();
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * Where relative files are looked up: the configuration file's folder, the scenario file's
     * folder, {@code $APVIRT_HOME/scripts}, then {@code scripts/} of the working directory.
     */
    public static List<Path> searchPath(Path configFile, Path scenarioFile, String apvirtHome) {
        List<Path> out = new ArrayList<>();
        if (configFile != null) {
            out.add(parent(configFile));
        }
        if (scenarioFile != null) {
            out.add(parent(scenarioFile));
        }
        if (apvirtHome != null && !apvirtHome.isBlank()) {
            out.add(Path.of(apvirtHome, "scripts").toAbsolutePath().normalize());
        }
        Path local = Path.of("scripts").toAbsolutePath().normalize();
        if (!out.contains(local)) {
            out.add(local);
        }
        return List.copyOf(out);
    }

    private static Path parent(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        return abs.getParent() == null ? abs : abs.getParent();
    }
}
