package io.apvirt.engine.internal.cdi;

import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * Boots Weld SE with every bean archive on the class path (engine, policy and plugin modules)
 * and, when the thread's context class loader is another one (the CLI's {@code --plugin-path}
 * loader, an embedder's), every bean archive that loader sees.
 */
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
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null && context != ApvirtContainer.class.getClassLoader()) {
            weld.setClassLoader(context); // scanned for META-INF/beans.xml, and the classes loaded through it
        }
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
