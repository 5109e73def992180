package io.apvirt.cli;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The plugin jars of {@code APVIRT_PLUGIN_PATH} and {@code --plugin-path}: colon-separated jars
 * or folders of jars, loaded by a class loader of their own above the application's (Weld SE
 * scans it for bean archives: each jar needs its {@code META-INF/beans.xml}).
 *
 * @param jars every jar, in the order given (a folder's jars by name)
 */
record PluginPath(List<Path> jars) {

    static final String ENVIRONMENT = "APVIRT_PLUGIN_PATH";
    static final String OPTION = "--plugin-path";

    /** An entry that is no jar: nothing ran. */
    static final class InvalidPluginPathException extends RuntimeException {
        final String property;
        final String value;
        final String source;

        InvalidPluginPathException(String property, String value, String source, String message) {
            super(message);
            this.property = property;
            this.value = value;
            this.source = source;
        }
    }

    PluginPath {
        jars = List.copyOf(jars);
    }

    /** The jars of {@code environment} (APVIRT_PLUGIN_PATH) then of {@code option} (--plugin-path); either may be null. */
    static PluginPath of(String environment, String option) {
        List<Path> jars = new ArrayList<>();
        add(jars, environment, ENVIRONMENT, "environment variable");
        add(jars, option, OPTION, "command line");
        return new PluginPath(jars);
    }

    boolean isEmpty() {
        return jars.isEmpty();
    }

    private static void add(List<Path> jars, String spec, String property, String source) {
        if (spec == null) {
            return;
        }
        for (String entry : spec.split(":")) {
            if (entry.isEmpty()) {
                continue;
            }
            Path path = Path.of(entry);
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.list(path)) {
                    for (Path jar : files.filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f)).sorted().toList()) {
                        jars.add(checked(jar, property, source));
                    }
                } catch (IOException e) {
                    throw invalid(property, entry, source, "cannot list the folder: " + e.getMessage());
                }
            } else {
                jars.add(checked(path, property, source));
            }
        }
    }

    private static Path checked(Path jar, String property, String source) {
        String entry = jar.toString();
        if (!Files.exists(jar)) {
            throw invalid(property, entry, source, "no such file or folder");
        }
        if (!Files.isRegularFile(jar) || !entry.endsWith(".jar")) {
            throw invalid(property, entry, source, "not a jar (name a .jar file or a folder of them)");
        }
        try (JarFile ignored = new JarFile(jar.toFile())) {
            return jar.toAbsolutePath().normalize();
        } catch (IOException e) {
            throw invalid(property, entry, source, "not a jar: it does not open as a zip file (" + e.getMessage() + ")");
        }
    }

    private static InvalidPluginPathException invalid(String property, String entry, String source, String why) {
        return new InvalidPluginPathException(property, entry, source, property + ": '" + entry + "': " + why
                + "; separate entries with ':'");
    }

    /** A class loader of the jars above {@code parent}; the caller closes it. */
    URLClassLoader loader(ClassLoader parent) {
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }
        return new URLClassLoader("apvirt-plugins", urls, parent);
    }
}
