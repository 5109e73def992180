package io.apvirt.engine.internal.cdi;

import org.jboss.weld.proxy.WeldClientProxy;

/**
 * The instance behind a Weld client proxy of an {@code @ApplicationScoped} bean. The proxy
 * looks the instance up on every call (a thread-local and a context map); the engine keeps
 * the beans it resolved for the container's life, so it may call the instance directly. An
 * intercepted bean's instance is Weld's intercepting subclass, so interceptors still run.
 */
public final class ContextualInstances {

    private ContextualInstances() {
    }

    @SuppressWarnings("unchecked")
    public static <T> T of(T bean) {
        if (bean instanceof WeldClientProxy proxy) {
            return (T) proxy.getMetadata().getContextualInstance();
        }
        return bean;
    }
}
