package io.apvirt.engine.internal.config;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * How large a composed YAML document becomes once its aliases are expanded. SnakeYAML's own
 * limits (50 aliases to collections, nesting depth 50, 3 MB of text) let a 2 KB file of 25
 * anchors, each a list of two aliases to the one before, expand to 2^25 nodes: SmallRye's YAML
 * source and the scenario loader walk aliases again at every use, so such a file hung
 * {@code apvirt validate}. Both loaders measure the document here first (in time linear in the
 * file: each node's expanded size is computed once) and refuse a document that expands to more
 * than {@link #MAX_NODES} nodes, or whose alias refers to a collection that contains it. It also
 * refuses a list or mapping with a tag of its own ({@code !!binary []}, {@code !!set}, {@code !x {}}),
 * which SmallRye's YAML source casts to a scalar and fails on.
 */
public final class YamlExpansion {

    /** At most this many nodes once aliases are expanded. */
    public static final long MAX_NODES = 100_000;

    /** Why a document is refused and the node where it happens (its start mark is the place). */
    public record Refusal(Node node, String message) {
    }

    private final Map<Node, Long> sizes = new IdentityHashMap<>();
    private Refusal refusal;

    private YamlExpansion() {
    }

    /** The refusal of {@code document}, or {@code null} when it may be read. */
    public static Refusal check(Node document) {
        YamlExpansion expansion = new YamlExpansion();
        expansion.size(document);
        return expansion.refusal;
    }

    /** The node's size with its aliases expanded, at most MAX_NODES + 1 (beyond that it is refused). */
    private long size(Node node) {
        Long known = sizes.get(node);
        if (known != null) {
            if (known < 0 && refusal == null) {
                refusal = new Refusal(node, "is an alias to a collection that contains it (the value would be infinite): "
                        + "write the value out instead of the alias");
            }
            return known < 0 ? MAX_NODES + 1 : known;
        }
        sizes.put(node, -1L); // in progress: met again below means the node contains itself
        if (refusal == null && (node instanceof SequenceNode && !Tag.SEQ.equals(node.getTag())
                || node instanceof MappingNode && !Tag.MAP.equals(node.getTag()))) {
            // found by ConfigurationFuzzTest: "!!binary []" made SmallRye's YAML source fail with a ClassCastException
            refusal = new Refusal(node, "has the tag " + node.getTag().getValue() + " on a " + (node instanceof SequenceNode
                    ? "list" : "mapping") + ", which apvirt does not read: remove the tag");
        }
        long size = 1;
        if (node instanceof SequenceNode sequence) {
            for (Node child : sequence.getValue()) {
                size = Math.min(MAX_NODES + 1, size + size(child));
            }
        } else if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                size = Math.min(MAX_NODES + 1, size + size(tuple.getKeyNode()) + size(tuple.getValueNode()));
            }
        }
        if (size > MAX_NODES && refusal == null) {
            refusal = new Refusal(node, "expands to more than " + String.format("%,d", MAX_NODES) + " YAML nodes through "
                    + "anchors and aliases (&name ... *name); write the values out or use fewer aliases");
        }
        sizes.put(node, size);
        return size;
    }
}
