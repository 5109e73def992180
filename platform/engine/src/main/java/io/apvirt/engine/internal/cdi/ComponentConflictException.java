package io.apvirt.engine.internal.cdi;

import java.util.List;

/**
 * The class path declares components that cannot be told apart: an id declared by two beans
 * (two jars), a bean without its id qualifier, or the reserved hook id {@code none}. Nothing
 * can run: which bean an id names would be a guess.
 */
public class ComponentConflictException extends RuntimeException {

    private final List<String> problems;

    public ComponentConflictException(List<String> problems) {
        super(problems.size() == 1 ? problems.get(0) : String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One message a problem, naming the id, the classes and their jars. */
    public List<String> problems() {
        return problems;
    }
}
