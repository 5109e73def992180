package io.apvirt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apvirt.cli.CliTest.Result;
import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static io.apvirt.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code apvirt bench} with tiny counts: the structure of the report and the message ledger,
 * never the speed (the figures depend on the machine running the tests).
 */
class BenchCommandTest {

    static final String NUMBER = "[0-9]+";
    static final String DECIMAL = "[0-9]+\\.[0-9]";

    @Test
    void twoVcpusOnTheirOwnQueuesBalanceTheLedger() {
        Result r = run("bench", "--vcpus", "2", "--pairs", "100", "--warmup", "10");
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        String[] lines = r.out().split("\n");
        assertEquals(7, lines.length, r.out());
        assertTrue(Pattern.matches("bench: 2 vCPUs x 100 NQAP\\+DQAP pairs \\(after 10 warm-up pairs each\\): " + NUMBER
                + " pairs/s, " + NUMBER + " instructions/s, " + DECIMAL + " ns/pair; " + NUMBER + " CPUs, JDK \\S+", lines[0]), lines[0]);
        assertEquals("VCPU  APQN     PAIRS  INSTRUCTIONS  DQAP-EMPTY  ELAPSED-MS  PAIRS/S  NS/PAIR", lines[1]);
        // one vCPU per queue, reply latency 1 tick: every DQAP finds its reply, two instructions a pair
        assertTrue(Pattern.matches("0     03\\.0005  100    200           0           " + DECIMAL + " +" + NUMBER + " +" + DECIMAL, lines[2]), lines[2]);
        assertTrue(Pattern.matches("1     03\\.0006  100    200           0           " + DECIMAL + " +" + NUMBER + " +" + DECIMAL, lines[3]), lines[3]);
        assertTrue(Pattern.matches("all   -        200    400           0           " + DECIMAL + " +" + NUMBER + " +" + DECIMAL, lines[4]), lines[4]);
        assertEquals("ledger: accepted 220 = replied 220 + dropped 0 + pending 0; replied 220 = 2 x (100 + 10): ok", lines[5]);
        assertTrue(lines[6].startsWith("machine: policy mainline, hook vfio-ap, 440 ticks; JVM "), lines[6]);
    }

    @Test
    void moreVcpusThanQueuesShareThemAndTheLedgerStillHolds() {
        Result r = run("bench", "--vcpus", "6", "--pairs", "200", "--warmup", "0");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("\n4     03.0005  200 "), r.out());
        assertTrue(r.out().contains("\n5     03.0006  200 "), r.out());
        assertTrue(r.out().contains("\nledger: accepted 1200 = replied 1200 + dropped 0 + pending 0; replied 1200 = 6 x (200 + 0): ok\n"), r.out());
    }

    @Test
    void jsonHasTheFiguresAndTheLedger() throws Exception {
        Result r = run("bench", "--json", "--pairs", "50", "--warmup", "5");
        assertEquals(0, r.exit(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals(java.util.List.of("apvirt", "vcpus", "pairs", "warmup", "elapsed-ns", "pairs-per-second",
                "instructions-per-second", "ns-per-pair", "instructions", "per-vcpu", "ledger", "policy", "hook", "behaviour", "ticks", "cpus",
                "jdk", "vm", "jvm-flags", "failure"), DevicesCommandTest.fields(doc));
        assertEquals(1, doc.get("vcpus").asInt());
        assertEquals(50, doc.get("pairs").asLong());
        assertEquals(5, doc.get("warmup").asLong());
        assertTrue(doc.get("elapsed-ns").asLong() > 0);
        assertTrue(doc.get("pairs-per-second").isNumber());
        assertEquals(100, doc.get("instructions").asLong());
        assertEquals("03.0005", doc.get("per-vcpu").get(0).get("apqn").asText());
        JsonNode ledger = doc.get("ledger");
        assertEquals(55, ledger.get("accepted").asLong());
        assertEquals(55, ledger.get("replied").asLong());
        assertEquals(0, ledger.get("pending").asLong());
        assertEquals(55, ledger.get("expected-replies").asLong());
        assertTrue(ledger.get("holds").asBoolean());
        assertEquals(Runtime.getRuntime().availableProcessors(), doc.get("cpus").asInt());
        assertTrue(doc.get("failure").isNull());
    }

    @Test
    void aBusyDeviceStopsTheBenchWithExit1AndTheLedger() {
        Result r = run("bench", "--pairs", "100", "--warmup", "0", "--set", "apvirt.devices[0].adapter=3",
                "--set", "apvirt.devices[0].faults.busy-every=50");
        assertEquals(1, r.exit());
        assertEquals("bench: stopped, nothing measured\n"
                + "ledger: accepted 49 = replied 49 + dropped 0 + pending 0; replied 49 != 1 x (100 + 0): FAILED\n", r.out());
        assertEquals("apvirt: bench: vCPU 0: NQAP 03.0005 after 49 pairs: cc3 0x05 firmware (rule exec.nqap)\n", r.err());
    }

    @Test
    void badCountsAndConfigurationExit2() {
        assertEquals(2, run("bench", "--vcpus", "0").exit());
        assertEquals(2, run("bench", "--pairs", "0").exit());
        assertEquals(2, run("bench", "--warmup", "-1").exit());
        assertEquals(2, run("bench", "--pairs", "many").exit());
        Result r = run("bench", "--pairs", "10", "--set", "apvirt.devices[0].adapter=3", "--set", "apvirt.devices[0].mode=fast");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("apvirt: invalid configuration (1 problem):\n"), r.err());
        Result empty = run("bench", "--pairs", "10", "--set", "apvirt.matrix.domains=");
        assertEquals(2, empty.exit(), empty.out() + empty.err());
        assertEquals("apvirt: bench: no queue of the bus is in the guest's matrix (APM x AQM); nothing ran.\n", empty.err());
    }

    @Test
    void behaviourGivesEveryMatrixAdapterThatBehaviour() {
        Result r = run("bench", "--vcpus", "2", "--pairs", "50", "--warmup", "5", "--behaviour", "accelerator");
        assertEquals(0, r.exit(), r.err());
        // a 16-byte message is no type-50 request: the accelerator answers with a type-82 error reply
        assertTrue(r.out().contains("\nledger: accepted 110 = replied 110 + dropped 0 + pending 0; replied 110 = 2 x (50 + 5): ok\n"), r.out());
        assertTrue(r.out().contains("\nmachine: policy mainline, hook vfio-ap, behaviour accelerator, 220 ticks; JVM "), r.out());
    }

    @Test
    void behaviourKeepsAConfiguredDeviceEntryAndItsFaults() {
        // adapter 3 has a devices entry: --behaviour changes its behaviour, not its faults, and adds none for it
        Result r = run("bench", "--pairs", "100", "--warmup", "0", "--behaviour", "echo", "--set", "apvirt.devices[0].adapter=3",
                "--set", "apvirt.devices[0].faults.busy-every=50", "--set", "apvirt.devices[0].behaviour=accelerator");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertEquals("apvirt: bench: vCPU 0: NQAP 03.0005 after 49 pairs: cc3 0x05 firmware (rule exec.nqap)\n", r.err());
    }

    @Test
    void anUnknownBehaviourExits2() {
        Result r = run("bench", "--calls", "--pairs", "10", "--behaviour", "lua:hooks/echo.lua");
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().startsWith("apvirt: invalid configuration ("), r.err());
        assertTrue(r.err().contains("apvirt.devices[0].behaviour = lua:hooks/echo.lua (from --set): is not a known device behaviour; known: "), r.err());
        assertEquals("", r.out());
    }

    @Test
    void callsMeasuresTheBehaviourAlone() {
        Result r = run("bench", "--calls", "--pairs", "1000", "--warmup", "100");
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        String[] lines = r.out().split("\n");
        assertEquals(3, lines.length, r.out());
        assertTrue(Pattern.matches("calls: echo 1 vCPU x 1000 calls: " + NUMBER + " calls/s, " + DECIMAL + " ns/call", lines[0]), lines[0]);
        assertEquals("setup: 16-byte requests, 100 warm-up calls per vCPU; vCPU 0 on 03.0005", lines[1]);
        assertTrue(lines[2].startsWith("machine: policy mainline, hook vfio-ap; " + Runtime.getRuntime().availableProcessors()
                + " CPUs, JDK "), lines[2]);
        assertTrue(lines[2].contains("; JVM "), lines[2]);
    }

    @Test
    void callsComparesTwoBehavioursAndPrintsTheRatio() {
        Result r = run("bench", "--calls", "--vcpus", "3", "--pairs", "200", "--warmup", "10", "--behaviour", "accelerator",
                "--compare", "echo");
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(5, lines.length, r.out());
        assertTrue(Pattern.matches("calls: accelerator 3 vCPUs x 200 calls: " + NUMBER + " calls/s, " + DECIMAL + " ns/call", lines[0]), lines[0]);
        assertTrue(Pattern.matches("calls: echo 3 vCPUs x 200 calls: " + NUMBER + " calls/s, " + DECIMAL + " ns/call", lines[1]), lines[1]);
        assertTrue(Pattern.matches("ratio: accelerator takes [0-9]+\\.[0-9]{2}x the time per call of echo", lines[2]), lines[2]);
        // the adapters in turn; the fourth thread would share 03.0005 with the first
        assertEquals("setup: 16-byte requests, 10 warm-up calls per vCPU; vCPU 0 on 03.0005, vCPU 1 on 04.0005, vCPU 2 on 03.0006", lines[3]);
        assertTrue(lines[4].startsWith("machine: policy mainline, hook vfio-ap; "), lines[4]);
    }

    @Test
    void callsOnMoreThreadsThanQueuesLockTheSharedOnes() {
        Result r = run("bench", "--calls", "--vcpus", "5", "--pairs", "100", "--warmup", "0", "--compare", "none");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("\nsetup: 16-byte requests, 0 warm-up calls per vCPU; vCPU 0 on 03.0005 (shared, locked), "
                + "vCPU 1 on 04.0005, vCPU 2 on 03.0006, vCPU 3 on 04.0006, vCPU 4 on 03.0005 (shared, locked)\n"), r.out());
    }

    @Test
    void callsJsonHasARunPerBehaviour() throws Exception {
        Result r = run("bench", "--calls", "--json", "--pairs", "100", "--warmup", "10", "--behaviour", "echo", "--compare", "accelerator");
        assertEquals(0, r.exit(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals(java.util.List.of("apvirt", "mode", "vcpus", "calls", "warmup", "message-bytes", "runs", "ratio", "policy",
                "hook", "cpus", "jdk", "vm", "jvm-flags"), DevicesCommandTest.fields(doc));
        assertEquals("calls", doc.get("mode").asText());
        assertEquals(2, doc.get("runs").size());
        JsonNode echo = doc.get("runs").get(0);
        assertEquals(java.util.List.of("behaviour", "elapsed-ns", "calls-per-second", "ns-per-call", "replies", "refused",
                "per-vcpu", "failure"), DevicesCommandTest.fields(echo));
        assertEquals("echo", echo.get("behaviour").asText());
        assertEquals(100, echo.get("replies").asLong());
        assertEquals(0, echo.get("refused").asLong());
        assertEquals("03.0005", echo.get("per-vcpu").get(0).get("apqn").asText());
        assertEquals("accelerator", doc.get("runs").get(1).get("behaviour").asText());
        assertTrue(doc.get("ratio").isNumber());
    }

    @Test
    void compareNeedsCalls() {
        Result r = run("bench", "--compare", "echo");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("--compare needs --calls"), r.err());
    }

    @Test
    void helpListsTheOptions() {
        Result r = run("bench", "--help");
        assertEquals(0, r.exit());
        for (String option : new String[]{"--vcpus=N", "--pairs=M", "--warmup=W", "--json", "--config=FILE", "--set=KEY=VALUE",
                "--behaviour=REF", "--calls", "--compare=REF"}) {
            assertTrue(r.out().contains(option), option + " in\n" + r.out());
        }
    }

    // ---- --vectors

    @Test
    void vectorsReplayTheScenarioAndCountTheWarmUpsOutcomes() throws Exception {
        Result r = run("bench", "--vectors", "../../scripts/bench/decision-mix.yaml", "--policy", "corrected",
                "--set", "apvirt.host.outer-interpretation=false", "--warmup", "100", "--count", "1000", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonDocumentsTest.assertValid("bench-vectors", r.out());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals("apvirt.bench-vectors/1", doc.get("schema").asText());
        assertEquals("corrected", doc.get("policy").asText());
        assertEquals(1000, doc.get("instructions").asLong());
        // 100 warm-up instructions: ten rounds of the ten steps, decided by corrected at the kvm level (EECA.28 off)
        assertEquals("{\"hook vfio-ap.disable\":10,\"hook vfio-ap.enable\":10,\"kvm exec.apqn-not-available\":10,"
                + "\"kvm exec.qci\":10,\"kvm exec.tapq\":30,\"kvm priv.problem-state\":10,\"kvm spec.fc-undefined\":10,"
                + "\"kvm spec.gr0-reserved-bits\":10}", doc.get("outcomes").toString());
    }

    @Test
    void vectorsWhoseExpectationsFailAreNotMeasured(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("wrong.yaml");
        java.nio.file.Files.writeString(file, """
                steps:
                  - instruction: pqap
                    fc: tapq
                    apqn: "03.0005"
                    expect: {cc: 1}
                """);
        Result r = run("bench", "--vectors", file.toString(), "--count", "10");
        assertEquals(1, r.exit(), r.out());
        assertEquals("", r.out());
        assertEquals("apvirt: bench: " + file + ": 1 expectation(s) fail under mainline (apvirt run --policy mainline " + file
                + " shows them); nothing measured\n", r.err());
    }

    @Test
    void vectorsCheckTheirOptions() {
        Result missing = run("bench", "--vectors", "nope.yaml");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().startsWith("--vectors nope.yaml: no such file (give a scenario file, for example "
                + "scripts/bench/decision-mix.yaml)\n"), missing.err());
        Result both = run("bench", "--vectors", "../../scripts/bench/decision-mix.yaml", "--diff");
        assertEquals(2, both.exit());
        assertTrue(both.err().startsWith("--vectors measures a scenario file: leave out --diff, --calls, --behaviour and --compare\n"),
                both.err());
        Result count = run("bench", "--count", "5");
        assertEquals(2, count.exit());
        assertTrue(count.err().startsWith("--count needs --vectors\n"), count.err());
    }
}
