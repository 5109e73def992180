package io.apvirt.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The configuration as the command line gives it: {@code --set}, {@code --policy}, {@code --config}. */
class ConfigCommandLineTest {

    @Test
    void aSetWithoutEqualsSignExits2() {
        CliTest.Result r = CliTest.run("validate", "--set", "foo");
        assertEquals(2, r.exit(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("--set foo: expected KEY=VALUE (for example --set apvirt.policy=corrected; an empty value is KEY=)\n"
                + "Usage: apvirt validate "), r.err());
        assertEquals(2, CliTest.run("validate", "--set", "=3").exit());
        assertEquals(0, CliTest.run("validate", "--set", "apvirt.scripts.on-failure=busy").exit(), "the common case still works");
    }

    @Test
    void thePolicyOptionIsNamedAsTheSource() {
        CliTest.Result r = CliTest.run("run", "--policy", "nope", "--set", "apvirt.policy=corrected", CliTest.DEFAULT_SCENARIO);
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().startsWith("apvirt: invalid configuration (1 problem):\n"
                + "  apvirt.policy = nope (from --policy): is not a known policy id; known: corrected ("), r.err());
    }

    @Test
    void hexNumbersAreAcceptedForTheBusToo() {
        CliTest.Result r = CliTest.run("validate", "--set", "apvirt.bus.queue-depth=0x8", "--set", "bus.reply-latency=0x2");
        assertEquals(0, r.exit(), r.err());
        assertEquals("configuration valid: policy mainline, hook vfio-ap, guest memory 64MiB, matrix 2 adapters x 2 domains\n", r.out());
    }

    @Test
    void aYamlSyntaxErrorNamesFileLineAndColumn(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "apvirt:\n  guest:\n    memory: 32MiB\n   aiv: false\n");
        CliTest.Result r = CliTest.run("validate", "--config", bad.toString());
        assertEquals(2, r.exit(), r.err());
        assertEquals("apvirt: invalid configuration (1 problem):\n"
                + "  " + bad + ":4:4: is not valid YAML: expected <block end>, but found '<block mapping start>' (while parsing a block mapping started at 2:3)\n"
                + "Nothing ran. Fix the file above.\n", r.err());
    }

    @Test
    void oldPluginOptionsPointToHooks() {
        CliTest.Result r = CliTest.run("validate", "--set", "plugins.vfio-ap.max-isc=3");
        assertEquals(2, r.exit(), r.err());
        assertEquals("apvirt: invalid configuration (1 problem):\n"
                + "  apvirt.plugins.vfio-ap.max-isc = 3 (from --set): is not a configuration property; did you mean apvirt.hooks.vfio-ap.max-isc?\n"
                + "Nothing ran. Fix the properties above (see the README's configuration reference).\n", r.err());
    }
}
