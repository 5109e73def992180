package io.apvirt.cli.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code apvirt diff --html FILE}: the {@code apvirt.diff/1} document (helper-notes diff-document.md) as one
 * self-contained HTML5 page. Everything is inline (CSS, JS, the document itself as JSON in
 * {@code <script type="application/json" id="apvirt-diff">}); the page loads nothing (no links, no external
 * scripts, no web fonts). The static part (title, totals, legend) is written here; the rows table, the filters
 * and the matrix of classes by policies are built from the embedded JSON by the inline script, which lists the
 * first {@value #PAGE_SIZE} matching classes and a "show more" button, so that a sweep of tens of thousands of
 * classes stays responsive. The script writes document text with {@code textContent} only.
 *
 * <p>Stable element ids (for users and for the browser test): {@code #totals}, {@code #legend}, {@code #rows},
 * {@code #matrix}, {@code #shown-count}, {@code #more}, {@code #only-differing}, {@code #filter-rule},
 * {@code #filter-instruction}, {@code #filter-<dimension>} with the dimension name's dots replaced by hyphens
 * ({@code #filter-guest-facilities-apqi}), {@code #row-filter}, {@code #clear-row}, {@code #reset-filters};
 * rows {@code #row-<id>}, matrix lines {@code #class-<id>}. Outcome cells carry the class {@code o-<kind>}
 * (cc0, cc1, cc2, cc3, hi for the GR1 bits 0-31 placement {@code @hi}, operation, privileged-operation,
 * specification, addressing, other, none) and {@code dep} when they depart from the architected outcome.
 *
 * <p>The output is a function of the document: the same document gives the same bytes.
 */
public final class DiffHtmlPage {
    /** The schema this page renders. */
    public static final String SCHEMA = "apvirt.diff/1";
    /** Classes listed at first and added by each "show more" (the script's PAGE_SIZE). */
    public static final int PAGE_SIZE = 500;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String CSS = resource("diff-page.css");
    private static final String SCRIPT = resource("diff-page.js");

    private DiffHtmlPage() {
    }

    /**
     * The page for a diff document.
     *
     * @throws IllegalArgumentException the document is not an {@value #SCHEMA} document (the message names the
     *                                  property and what was expected)
     */
    public static String render(JsonNode diffDocument) {
        check(diffDocument);
        StringBuilder h = new StringBuilder(8192);
        String policies = String.join(", ", texts(diffDocument.get("policies")));
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"apvirt diff\">\n")
                .append("<title>apvirt diff: ").append(escape(policies)).append("</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        h.append("<header>\n<h1>apvirt diff <span class=\"schema\">").append(escape(SCHEMA)).append("</span></h1>\n")
                .append("<p class=\"sub\">guest-visible outcomes of every swept configuration &times; instruction class under ")
                .append("the policies <span class=\"mono\">").append(escape(policies)).append("</span>, against the architected ")
                .append("result (docs/architecture.md#11.5)</p>\n");
        totals(h, diffDocument);
        context(h, diffDocument);
        h.append("</header>\n");
        legend(h);
        h.append("<section id=\"rows-section\">\n<h2>Rows <span class=\"note\">classes where the policies differ, grouped by ")
                .append("their minimal conditions; click a row to list its classes</span></h2>\n")
                .append("<div id=\"rows-box\"><table id=\"rows\" class=\"grid\"><thead></thead><tbody></tbody></table></div>\n</section>\n");
        h.append("<section id=\"matrix-section\">\n<h2>Matrix <span class=\"note\">one line per class, one column per ")
                .append("policy</span></h2>\n")
                .append("<form id=\"filters\" autocomplete=\"off\"></form>\n")
                .append("<p class=\"status\"><span id=\"shown-count\"></span> <span id=\"row-filter\" hidden></span></p>\n")
                .append("<table id=\"matrix\" class=\"grid\"><thead></thead><tbody></tbody></table>\n")
                .append("<p><button type=\"button\" id=\"more\" hidden>show more</button></p>\n</section>\n");
        h.append("<noscript><p class=\"warn\">The rows and the matrix are built by the page's inline script; ")
                .append("the document is in the script element apvirt-diff.</p></noscript>\n");
        h.append("<script type=\"application/json\" id=\"apvirt-diff\">").append(embeddedJson(diffDocument)).append("</script>\n");
        h.append("<script>\n").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return h.toString();
    }

    /**
     * Writes the page for a diff document to {@code file}, atomically: into a temporary file in the same folder,
     * then moved over {@code file} ({@link StandardCopyOption#ATOMIC_MOVE}), so an error leaves {@code file} as it
     * was and no partial page behind. The page is readable by everyone ({@code rw-r--r--} where the file system
     * has POSIX permissions).
     *
     * @throws IllegalArgumentException the document is not an {@value #SCHEMA} document (nothing is written)
     * @throws IOException              the folder cannot be written or the move failed (nothing is left behind)
     */
    public static void write(JsonNode diffDocument, Path file) throws IOException {
        AtomicFile.write(file, render(diffDocument));
    }

    /**
     * The document as JSON text that cannot end the script element holding it: every {@code </} becomes
     * {@code <\/} and every {@code <!--} becomes {@code \u003c!--} (both the same string to JSON.parse; HTML's
     * script data states end the element at {@code </script} and treat {@code <!--} specially).
     */
    static String embeddedJson(JsonNode diffDocument) {
        try {
            return MAPPER.writeValueAsString(diffDocument).replace("</", "<\\/").replace("<!--", "\\u003c!--");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void totals(StringBuilder h, JsonNode doc) {
        JsonNode totals = doc.get("totals");
        h.append("<p id=\"totals\" class=\"totals\">")
                .append("<span class=\"n\">").append(number(totals.get("classes"))).append("</span> classes swept")
                .append(" &middot; <span class=\"n\">").append(number(totals.get("differing"))).append("</span> where the policies differ")
                .append(" &middot; departing from architected:");
        JsonNode departing = totals.get("departing");
        for (String policy : texts(doc.get("policies"))) {
            JsonNode n = departing == null ? null : departing.get(policy);
            h.append(" <span class=\"mono\">").append(escape(policy)).append("</span> <span class=\"n\">")
                    .append(number(n)).append("</span>");
        }
        h.append(" &middot; <span class=\"n\">").append(doc.get("classes").size()).append("</span> classes listed")
                .append(" &middot; <span class=\"n\">").append(doc.get("rows").size()).append("</span> rows</p>\n");
    }

    /** The sweep's constraints on the configurations and the rules no class reached, when the document has them. */
    private static void context(StringBuilder h, JsonNode doc) {
        JsonNode constraints = doc.get("constraints");
        if (constraints != null && constraints.isArray() && !constraints.isEmpty()) {
            h.append("<div id=\"constraints\" class=\"context\">the sweep keeps the configurations QEMU can give a guest:<ul>");
            for (String c : texts(constraints)) {
                h.append("<li>").append(escape(c)).append("</li>");
            }
            h.append("</ul></div>\n");
        }
        JsonNode unreached = doc.get("unreached");
        if (unreached != null && unreached.isArray()) {
            h.append("<p id=\"unreached\" class=\"context\">rules no class reached: <span class=\"mono\">")
                    .append(unreached.isEmpty() ? "none" : escape(String.join(", ", texts(unreached)))).append("</span></p>\n");
        }
    }

    /** The outcome kinds in the order of the legend, with their sample text (the o-kind classes of the CSS). */
    private static final String[][] LEGEND = {
            {"cc0", "cc0 0x00"}, {"cc1", "cc1"}, {"cc2", "cc2"}, {"cc3", "cc3 0x01"}, {"hi", "cc3 0x01@hi"},
            {"operation", "operation"}, {"privileged-operation", "privileged-operation"},
            {"specification", "specification"}, {"addressing", "addressing"}, {"other", "other"}};

    private static void legend(StringBuilder h) {
        h.append("<div id=\"legend\" class=\"legend\">\n<div><span class=\"lt\">outcomes</span>");
        for (String[] kind : LEGEND) {
            h.append(" <span class=\"sw o-").append(kind[0]).append("\">").append(kind[1]).append("</span>");
        }
        h.append(" <span class=\"gap\">@hi: the status word in GR1 bits 0-31 (docs/architecture.md#4.3 row 10)</span></div>\n")
                .append("<div><span class=\"lt\">marks</span> <span class=\"sw o-cc0 dep\">cc0 0x00</span> the policy departs")
                .append(" from the architected outcome <span class=\"gap mono\">c000123*</span> the policies differ")
                .append(" <span class=\"gap mono\">+x -x k=v</span> a condition: dimension x true, false, k is v;")
                .append(" a class lists the dimensions not at their first swept value</div>\n</div>\n");
    }

    private static void check(JsonNode doc) {
        if (doc == null || !doc.isObject()) {
            throw new IllegalArgumentException("diff document: expected a JSON object with schema \"" + SCHEMA + "\"");
        }
        JsonNode schema = doc.get("schema");
        if (schema == null || !SCHEMA.equals(schema.asText(null))) {
            throw new IllegalArgumentException("diff document: $.schema is " + (schema == null ? "missing" : schema)
                    + ", expected \"" + SCHEMA + "\" (the output of apvirt diff --json)");
        }
        for (String array : new String[]{"policies", "dimensions", "instructions", "rows", "classes"}) {
            JsonNode a = doc.get(array);
            if (a == null || !a.isArray()) {
                throw new IllegalArgumentException("diff document: $." + array + " is " + (a == null ? "missing" : a.getNodeType())
                        + ", expected an array (" + SCHEMA + ")");
            }
        }
        JsonNode totals = doc.get("totals");
        if (totals == null || !totals.isObject()) {
            throw new IllegalArgumentException("diff document: $.totals is " + (totals == null ? "missing" : totals.getNodeType())
                    + ", expected an object (" + SCHEMA + ")");
        }
        for (int i = 0; i < doc.get("policies").size(); i++) {
            if (!doc.get("policies").get(i).isTextual()) {
                throw new IllegalArgumentException("diff document: $.policies[" + i + "] is " + doc.get("policies").get(i)
                        + ", expected a policy id string");
            }
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(e -> texts.add(e.asText()));
        return texts;
    }

    private static String number(JsonNode n) {
        return n == null || n.isNull() ? "-" : escape(n.asText());
    }

    private static final Map<Character, String> ENTITIES = Map.of('&', "&amp;", '<', "&lt;", '>', "&gt;", '"', "&quot;", '\'', "&#39;");

    /** Text for HTML element content and attribute values. */
    static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String e = ENTITIES.get(c);
            b.append(e == null ? String.valueOf(c) : e);
        }
        return b.toString();
    }

    private static String resource(String name) {
        try (InputStream in = DiffHtmlPage.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("apvirt-cli jar is missing " + name + " next to " + DiffHtmlPage.class.getName());
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
            String lower = text.toLowerCase(Locale.ROOT);
            if (lower.contains("</script") || lower.contains("</style") || lower.contains("<!--")) {
                throw new IllegalStateException(name + " must not contain </script, </style or <!--");
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
