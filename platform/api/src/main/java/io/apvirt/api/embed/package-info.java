/**
 * The embedding API: configure and build machines from a Java application. Inject
 * {@link io.apvirt.api.embed.Machines} (or the configured {@link io.apvirt.api.machine.Machine})
 * in a CDI application that has the engine on its class path, or boot the engine without CDI code
 * of your own with {@code io.apvirt.engine.Apvirt.boot()}. Settings are the configuration tree of
 * the README's configuration reference; every problem is reported at once
 * ({@link io.apvirt.api.embed.InvalidSettingsException}).
 */
package io.apvirt.api.embed;
