package io.apvirt.engine.cdi;

import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/** Boots Weld SE with every bean archive on the class path (engine, policy and plugin modules). */
public final class ApvirtContainer implements AutoCloseable {

    private final WeldContainer container;

    private ApvirtContainer(WeldContainer container) {
        this.container = container;
    }

    public static ApvirtContainer boot() {
        Weld weld = new Weld("apvirt")
                .property("org.jboss.weld.construction.relaxed", true)
                .property("org.jboss.weld.bootstrap.concurrentDeployment", false)
                .property("org.jboss.weld.executor.threadPoolType", "NONE")
                .disableIsolation();
        weld.skipShutdownHook();
        return new ApvirtContainer(weld.initialize());
    }

    public <T> T get(Class<T> type) {
        return container.select(type).get();
    }

    @Override
    public void close() {
        container.shutdown();
    }
}
