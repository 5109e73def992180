package io.apvirt.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The public API is {@code io.apvirt.api.*} (apvirt-api) and the facade {@code io.apvirt.engine.Apvirt};
 * everything else of the engine lives under {@code io.apvirt.engine.internal} and may change
 * (README, "Embedding"). Extensions and the examples use the public API only (and the test kit
 * {@code io.apvirt.engine.testing} in their tests).
 */
class PublicApiTest {

    private static final Path ROOT = Path.of("../..");

    @Test
    void theEngineHasTheFacadeAndTheInternalPackagesOnly() throws IOException {
        try (Stream<Path> top = Files.list(ROOT.resolve("platform/engine/src/main/java/io/apvirt/engine"))) {
            assertEquals(List.of("Apvirt.java", "internal"), top.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void publicTypesSpeakOnlyPublicTypes() throws Exception {
        List<String> classes = new ArrayList<>(sourceClasses(ROOT.resolve("platform/api/src/main/java")));
        classes.add("io.apvirt.engine.Apvirt");
        TreeSet<String> leaks = new TreeSet<>();
        for (String name : classes) {
            Class<?> type = Class.forName(name);
            check(type, leaks);
        }
        assertEquals(new TreeSet<>(), leaks, "public signatures that name a type outside the public API");
    }

    @Test
    void extensionsAndExamplesUseNoEngineInternals() throws IOException {
        TreeSet<String> offenders = new TreeSet<>();
        List<Path> roots = new ArrayList<>();
        for (String dir : List.of("policies", "plugins")) {
            try (Stream<Path> modules = Files.list(ROOT.resolve(dir))) {
                modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).forEach(roots::add);
            }
        }
        roots.add(ROOT.resolve("examples"));
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java") && !p.toString().contains("/target/")).toList()) {
                    List<String> lines = Files.readAllLines(f);
                    for (int i = 0; i < lines.size(); i++) {
                        if (lines.get(i).contains("io.apvirt.engine.internal")) {
                            offenders.add(ROOT.relativize(f) + ":" + (i + 1) + ": " + lines.get(i).trim());
                        }
                    }
                }
            }
        }
        assertEquals(new TreeSet<>(), offenders);
    }

    private static List<String> sourceClasses(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".java") && !p.getFileName().toString().equals("package-info.java"))
                    .map(p -> root.relativize(p).toString().replace('/', '.').replaceAll("\\.java$", "")).sorted().toList();
        }
    }

    private static void check(Class<?> type, TreeSet<String> leaks) {
        if (!Modifier.isPublic(type.getModifiers())) {
            return;
        }
        String where = type.getName();
        check(type.getGenericSuperclass(), where + " extends", leaks);
        for (Type t : type.getGenericInterfaces()) {
            check(t, where + " implements", leaks);
        }
        for (Method m : type.getDeclaredMethods()) {
            if (isVisible(m.getModifiers()) && !m.isSynthetic()) {
                check(m.getGenericReturnType(), where + "." + m.getName() + " returns", leaks);
                for (Type p : m.getGenericParameterTypes()) {
                    check(p, where + "." + m.getName() + " takes", leaks);
                }
            }
        }
        for (Constructor<?> c : type.getDeclaredConstructors()) {
            if (isVisible(c.getModifiers())) {
                for (Type p : c.getGenericParameterTypes()) {
                    check(p, where + ".<init> takes", leaks);
                }
            }
        }
        for (Field f : type.getDeclaredFields()) {
            if (isVisible(f.getModifiers()) && !f.isSynthetic()) {
                check(f.getGenericType(), where + "." + f.getName(), leaks);
            }
        }
        if (type.isRecord()) {
            for (RecordComponent r : type.getRecordComponents()) {
                check(r.getGenericType(), where + "." + r.getName(), leaks);
            }
        }
        for (Class<?> nested : type.getDeclaredClasses()) {
            check(nested, leaks);
        }
    }

    private static boolean isVisible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static void check(Type t, String where, TreeSet<String> leaks) {
        switch (t) {
            case null -> {
            }
            case Class<?> c -> {
                Class<?> base = c;
                while (base.isArray()) {
                    base = base.getComponentType();
                }
                if (!base.isPrimitive() && !isPublicApi(base.getName())) {
                    leaks.add(where + " " + base.getName());
                }
            }
            case ParameterizedType p -> {
                check(p.getRawType(), where, leaks);
                for (Type a : p.getActualTypeArguments()) {
                    check(a, where, leaks);
                }
            }
            case GenericArrayType g -> check(g.getGenericComponentType(), where, leaks);
            case WildcardType w -> {
                for (Type b : w.getUpperBounds()) {
                    check(b, where, leaks);
                }
                for (Type b : w.getLowerBounds()) {
                    check(b, where, leaks);
                }
            }
            case TypeVariable<?> v -> {
                for (Type b : v.getBounds()) {
                    check(b, where, leaks);
                }
            }
            default -> leaks.add(where + " " + t);
        }
    }

    private static boolean isPublicApi(String name) {
        return name.startsWith("java.") || name.startsWith("jakarta.") || name.startsWith("io.apvirt.api.")
                || name.equals("io.apvirt.engine.Apvirt");
    }
}
