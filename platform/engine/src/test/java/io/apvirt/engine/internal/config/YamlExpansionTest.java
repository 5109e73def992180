package io.apvirt.engine.internal.config;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Node;

import java.io.StringReader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** {@link YamlExpansion}: the expanded size of a document, refused past 100,000 nodes or when an alias contains itself. */
public class YamlExpansionTest {

    /** {@code levels + 1} anchors, each a list of two aliases to the one before: about 2^(levels+2) nodes once expanded. */
    public static String aliasBomb(String indent, int levels) {
        StringBuilder b = new StringBuilder(indent + "a0: &a0 [x, x]\n");
        for (int i = 1; i <= levels; i++) {
            b.append(indent).append("a").append(i).append(": &a").append(i).append(" [*a").append(i - 1).append(", *a")
                    .append(i - 1).append("]\n");
        }
        return b.toString();
    }

    static Node compose(String text) {
        return new Yaml(new LoaderOptions()).compose(new StringReader(text));
    }

    @Test
    void aDocumentJustUnderTheLimitIsRead() {
        // the list aN has 2^(N+2) - 1 nodes; a0..a13 with their keys and the mapping: 65,536 - 4 + 1 = 65,533
        assertNull(YamlExpansion.check(compose(aliasBomb("", 13))));
        // a0..a14 would be 131,069: refused at the mapping, the first node past the limit
        assertEquals(0, YamlExpansion.check(compose(aliasBomb("", 14))).node().getStartMark().getLine());
    }

    @Test
    void theFirstNodePastTheLimitIsNamed() {
        YamlExpansion.Refusal r = YamlExpansion.check(compose(aliasBomb("", 25)));
        assertEquals(15, r.node().getStartMark().getLine()); // a15: [*a14, *a14], 2^17 - 1 nodes
        assertEquals("expands to more than 100,000 YAML nodes through anchors and aliases (&name ... *name); write the values "
                + "out or use fewer aliases", r.message());
    }

    @Test
    void anAliasInsideItsOwnAnchorIsRefused() {
        YamlExpansion.Refusal r = YamlExpansion.check(compose("loop: &l [x, *l]\n"));
        assertEquals("is an alias to a collection that contains it (the value would be infinite): write the value out instead "
                + "of the alias", r.message());
    }

    @Test
    void aListOrMappingWithATagOfItsOwnIsRefused() {
        YamlExpansion.Refusal r = YamlExpansion.check(compose("apvirt:\n  host:\n    unconfigured-adapters: !!binary []\n"));
        assertEquals(2, r.node().getStartMark().getLine());
        assertEquals("has the tag tag:yaml.org,2002:binary on a list, which apvirt does not read: remove the tag", r.message());
        assertEquals("has the tag !x on a mapping, which apvirt does not read: remove the tag",
                YamlExpansion.check(compose("a: !x {b: 1}\n")).message());
        assertNull(YamlExpansion.check(compose("a: !!seq [1]\nb: !!map {c: 1}\n")));
    }
}
