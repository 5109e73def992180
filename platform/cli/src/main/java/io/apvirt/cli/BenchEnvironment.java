package io.apvirt.cli;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** What a measurement ran on: cores, JDK, VM and its flags. */
final class BenchEnvironment {

    private BenchEnvironment() {
    }

    /** What the measurement ran on. */
    static final class Environment {
        private Environment() {
        }

        static int cpus() {
            return Runtime.getRuntime().availableProcessors();
        }

        static String jdk() {
            return Runtime.version().toString();
        }

        static String vm() {
            return System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version") + " ("
                    + System.getProperty("java.vendor") + ")";
        }

        /**
         * The JVM's -X/-XX flags and its upgrade module path, by file name (the launcher's JIT, GC
         * and Graal compiler choices change the figures).
         */
        static List<String> flags() {
            try {
                return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(a -> a.startsWith("-X") || a.startsWith(UPGRADE))
                        .map(a -> a.startsWith(UPGRADE) ? UPGRADE + fileNames(a.substring(UPGRADE.length())) : a).toList();
            } catch (RuntimeException | LinkageError e) {
                return List.of();
            }
        }

        private static final String UPGRADE = "--upgrade-module-path=";

        private static String fileNames(String path) {
            return String.join(java.io.File.pathSeparator, Arrays.stream(path.split(java.io.File.pathSeparator))
                    .map(p -> p.isEmpty() ? p : String.valueOf(Path.of(p).getFileName())).toList());
        }
    }
}
