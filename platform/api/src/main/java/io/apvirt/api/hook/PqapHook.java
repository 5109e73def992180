package io.apvirt.api.hook;

import io.apvirt.api.plugin.Component;

/**
 * The PQAP(AQIC) hook a VM registers ({@code kvm->arch.crypto.pqap_hook}, docs/architecture.md
 * sections 4.4 and 6). An {@code @ApplicationScoped} CDI bean qualified with
 * {@link io.apvirt.api.plugin.ComponentId}, selected by {@code apvirt.hook}; {@link #bind} gives the
 * handler of one machine.
 */
public interface PqapHook extends Component<HookHandler> {
}
