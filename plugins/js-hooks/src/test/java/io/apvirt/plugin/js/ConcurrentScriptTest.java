package io.apvirt.plugin.js;

import io.apvirt.api.arch.Apqn;
import io.apvirt.api.arch.FunctionCode;
import io.apvirt.api.machine.Vcpu;
import io.apvirt.api.outcome.Outcome;
import io.apvirt.api.plugin.ScriptSettings.OnFailure;
import io.apvirt.engine.internal.machine.ApMachine;
import io.apvirt.plugin.js.JsKit.Rig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;

import static io.apvirt.plugin.js.JsKit.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Four vCPU threads, each on its own queue of two scripted adapters (03 and 04, domains 5 and
 * 6): the two queues of an adapter share its Context, whose lock lets one thread at a time in.
 * 20,000 NQAP+DQAP pairs per thread: every reply is the thread's own request, no
 * IllegalStateException about multi-threaded access, the ledger balances and each adapter's
 * module counted exactly the requests of its two queues.
 */
class ConcurrentScriptTest {

    static final int VCPUS = 4;
    static final int PAIRS = 20_000;
    static final List<Apqn> QUEUES = List.of(Q3_5, Q3_6, Q4_5, Q4_6);

    @TempDir
    Path dir;

    @Test
    void fourVcpusOnTwoScriptedAdaptersLoseNothing() {
        assertTimeoutPreemptively(Duration.ofMinutes(3), this::run);
    }

    private void run() throws Exception {
        Path file = write(dir, "hooks/count.js", """
                let requests = 0;
                export function onRequest(request, queue) {
                  requests++;
                  return {reply: request.message};
                }
                export function onReset(queue, kind) {
                  ap.log(queue.card, requests);
                  return undefined;
                }
                """);
        var settings = settings(1000, 1_000_000, OnFailure.FAIL, false);
        Rig r = rig().script(3, "hooks/count.js", file, settings).script(4, "hooks/count.js", file, settings).build();
        ApMachine machine = r.machine();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        CyclicBarrier start = new CyclicBarrier(VCPUS);
        Thread[] threads = new Thread[VCPUS];
        for (int t = 0; t < VCPUS; t++) {
            int id = t;
            Vcpu cpu = machine.newVcpu();
            threads[t] = new Thread(() -> {
                try {
                    start.await();
                    drive(machine, cpu, id, QUEUES.get(id), errors);
                } catch (Throwable e) {
                    errors.add("vCPU " + id + ": " + e);
                }
            }, "vcpu-" + t);
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(List.of(), List.copyOf(errors));
        ApMachine.Ledger ledger = machine.ledger();
        assertEquals((long) VCPUS * PAIRS, ledger.accepted());
        assertEquals((long) VCPUS * PAIRS, ledger.replied());
        assertEquals(0, ledger.dropped());
        assertEquals(0, ledger.pending());
        assertTrue(ledger.balanced());

        assertEquals(0, pqap(r, FunctionCode.RAPQ, Q3_5).cc());
        assertEquals(0, pqap(r, FunctionCode.RAPQ, Q4_5).cc());
        assertEquals(List.of("hooks/count.js: 3 " + 2 * PAIRS, "hooks/count.js: 4 " + 2 * PAIRS),
                ScriptApiTest.scriptLines(r), "each adapter's module counted its two queues' requests");
    }

    private static void drive(ApMachine machine, Vcpu cpu, int id, Apqn queue, ConcurrentLinkedQueue<String> errors) {
        for (int n = 0; n < PAIRS; n++) {
            long psmid = ((long) id << 32) | n;
            byte[] message = ByteBuffer.allocate(16).putLong(psmid).putLong(~psmid).array();
            Outcome.Completed enq = nqap(machine, cpu, id, queue, psmid, message);
            if (enq.cc() != 0) {
                errors.add("vCPU " + id + " NQAP " + n + ": cc " + enq.cc() + " status " + Long.toHexString(enq.status()));
                return;
            }
            Outcome.Completed deq = dqap(machine, cpu, id, queue, 64);
            if (deq.cc() != 0 || psmid(cpu) != psmid) {
                errors.add("vCPU " + id + " DQAP " + n + ": cc " + deq.cc() + " psmid " + Long.toHexString(psmid(cpu)));
                return;
            }
            byte[] reply = machine.read(messageAddress(id) + 0x8000, 16);
            if (!java.util.Arrays.equals(message, reply)) {
                errors.add("vCPU " + id + " reply " + n + " is not its request");
                return;
            }
        }
    }
}
