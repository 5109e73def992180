/**
 * What the benchmarks measure, in one place: the JMH benchmarks of {@code platform/bench} and
 * {@code apvirt bench} drive the same workloads (an NQAP+DQAP pair, a device-behaviour call, the
 * replay of a scenario's steps), so their figures are of the same work.
 */
package io.apvirt.engine.internal.workload;
