package io.apvirt.cli.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The page of {@code apvirt diff --html} as text: self-contained, deterministic, the document embedded safely. */
class DiffHtmlPageTest {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String HOSTILE = "</script><script>window.pwned = 1</script><!--<script> <img src=x onerror=\"window.pwned=2\"> & \u00e9";

    static JsonNode fixture() {
        try (InputStream in = DiffHtmlPageTest.class.getResourceAsStream("/diff-fixture.json")) {
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The fixture with hostile text in an instruction description, a row text and a witness step name. */
    static JsonNode hostile() {
        JsonNode doc = fixture();
        ((ObjectNode) doc.get("instructions").get(0)).put("description", HOSTILE);
        ((ObjectNode) doc.get("rows").get(0)).put("text", HOSTILE);
        ((ObjectNode) doc.get("classes").get(0).get("witness").get("step")).put("name", HOSTILE);
        return doc;
    }

    /** The text of the element {@code <script type="application/json" id="apvirt-diff">}. */
    static String embedded(String html) {
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"apvirt-diff\">(.*?)</script>", Pattern.DOTALL).matcher(html);
        assertTrue(m.find(), "the page embeds the document");
        return m.group(1);
    }

    static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void thePageLoadsNothing() {
        String html = DiffHtmlPage.render(fixture());
        for (String remote : List.of("http://", "https://", "//cdn", "<link", " src=", "@import", "url(", "@font-face", "fetch(", "XMLHttpRequest")) {
            assertFalse(html.contains(remote), "the page contains " + remote);
        }
        assertTrue(html.startsWith("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"));
        assertEquals(1, count(html, "<style>"));
        assertEquals(2, count(html, "<script"), "the embedded document and the inline script");
    }

    @Test
    void theScriptWritesTextNotMarkup() {
        String html = DiffHtmlPage.render(fixture());
        String script = html.substring(html.lastIndexOf("<script>"));
        for (String markup : List.of("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function")) {
            assertFalse(script.contains(markup), "the script uses " + markup);
        }
        assertTrue(script.contains(".textContent = "));
    }

    @Test
    void theSameDocumentGivesTheSameBytes() throws IOException {
        String first = DiffHtmlPage.render(fixture());
        JsonNode reparsed = MAPPER.readTree(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(fixture()));
        assertArrayEquals(first.getBytes(StandardCharsets.UTF_8), DiffHtmlPage.render(reparsed).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theEmbeddedDocumentIsTheDocument() throws IOException {
        assertEquals(fixture(), MAPPER.readTree(embedded(DiffHtmlPage.render(fixture()))));
    }

    @Test
    void textThatWouldCloseTheScriptIsEscaped() throws IOException {
        String html = DiffHtmlPage.render(hostile());
        assertEquals(2, count(html.toLowerCase(), "</script"), "only the two real end tags");
        assertFalse(html.contains("<!--"));
        String json = embedded(html);
        assertTrue(json.contains("<\\/script><script>window.pwned = 1<\\/script>\\u003c!--<script> <img src=x onerror=\\\"window.pwned=2\\\"> & \u00e9"),
                json);
        assertEquals(hostile(), MAPPER.readTree(json), "JSON.parse gives the text back unchanged");
    }

    @Test
    void policyIdsInTheStaticPartAreEscaped() {
        JsonNode doc = fixture();
        ((ArrayNode) doc.get("policies")).set(0, "<b>x</b>");
        String html = DiffHtmlPage.render(doc);
        assertTrue(html.contains("<title>apvirt diff: &lt;b&gt;x&lt;/b&gt;, corrected, legacy-abi</title>"), html.substring(0, 400));
        assertFalse(html.replace(embedded(html), "").contains("<b>"));
        assertTrue(embedded(html).startsWith("{\"schema\":\"apvirt.diff/1\",\"policies\":[\"<b>x<\\/b>\","), embedded(html).substring(0, 80));
    }

    @Test
    void theTotalsAreTheDocumentsTotals() {
        String html = DiffHtmlPage.render(fixture());
        assertTrue(html.contains("<p id=\"totals\" class=\"totals\"><span class=\"n\">28672</span> classes swept"
                + " &middot; <span class=\"n\">25</span> where the policies differ &middot; departing from architected:"
                + " <span class=\"mono\">mainline</span> <span class=\"n\">18</span>"
                + " <span class=\"mono\">corrected</span> <span class=\"n\">2</span>"
                + " <span class=\"mono\">legacy-abi</span> <span class=\"n\">27</span>"
                + " &middot; <span class=\"n\">27</span> classes listed &middot; <span class=\"n\">3</span> rows</p>\n"), html);
    }

    @Test
    void theConstraintsAndTheUnreachedRulesAreShownWhenTheDocumentHasThem() {
        String html = DiffHtmlPage.render(fixture());
        assertTrue(html.contains("<li>guest.facilities.ap needs host.ap-instructions (QEMU offers ap only with the KVM APIE attribute;"
                + " docs/architecture.md#4.5)</li></ul></div>\n"), html);
        assertTrue(html.contains("<p id=\"unreached\" class=\"context\">rules no class reached:"
                + " <span class=\"mono\">vfio-ap.gisc-register-failed, vfio-ap.nib-zero</span></p>\n"));
        ObjectNode contractOnly = (ObjectNode) fixture();
        contractOnly.remove(List.of("constraints", "unreached"));
        String plain = DiffHtmlPage.render(contractOnly);
        assertFalse(plain.contains("id=\"constraints\""));
        assertFalse(plain.contains("id=\"unreached\""));
        ((ArrayNode) contractOnly.putArray("unreached")).add("<x>");
        assertTrue(DiffHtmlPage.render(contractOnly).contains("rules no class reached: <span class=\"mono\">&lt;x&gt;</span>"));
    }

    @Test
    void theLegendShowsEveryOutcomeKindAndThePageSizeIsTheScripts() {
        String html = DiffHtmlPage.render(fixture());
        for (String kind : List.of("cc0", "cc1", "cc2", "cc3", "hi", "operation", "privileged-operation", "specification", "addressing", "other")) {
            assertTrue(html.contains("<span class=\"sw o-" + kind + "\">"), kind);
            assertTrue(html.contains(".o-" + kind + " {"), "the CSS colours " + kind);
        }
        assertTrue(html.contains("const PAGE_SIZE = " + DiffHtmlPage.PAGE_SIZE + ";"));
    }

    @Test
    void aDocumentOfAnotherSchemaIsRefused() {
        ObjectNode doc = (ObjectNode) fixture();
        doc.put("schema", "apvirt.run/1");
        assertEquals("diff document: $.schema is \"apvirt.run/1\", expected \"apvirt.diff/1\" (the output of apvirt diff --json)",
                assertThrows(IllegalArgumentException.class, () -> DiffHtmlPage.render(doc)).getMessage());
        doc.put("schema", "apvirt.diff/1");
        doc.remove("classes");
        assertEquals("diff document: $.classes is missing, expected an array (apvirt.diff/1)",
                assertThrows(IllegalArgumentException.class, () -> DiffHtmlPage.render(doc)).getMessage());
        doc.put("classes", 3);
        assertEquals("diff document: $.classes is NUMBER, expected an array (apvirt.diff/1)",
                assertThrows(IllegalArgumentException.class, () -> DiffHtmlPage.render(doc)).getMessage());
    }

    @Test
    void writeLeavesThePageAndNothingElse(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("diff.html");
        Files.writeString(file, "old");
        DiffHtmlPage.write(fixture(), file);
        assertArrayEquals(DiffHtmlPage.render(fixture()).getBytes(StandardCharsets.UTF_8), Files.readAllBytes(file));
        assertEquals(List.of(file), list(dir));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void writeOfABadDocumentLeavesTheOldFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("diff.html");
        Files.writeString(file, "old");
        ObjectNode doc = (ObjectNode) fixture();
        doc.remove("totals");
        assertEquals("diff document: $.totals is missing, expected an object (apvirt.diff/1)",
                assertThrows(IllegalArgumentException.class, () -> DiffHtmlPage.write(doc, file)).getMessage());
        assertEquals("old", Files.readString(file));
        assertEquals(List.of(file), list(dir));
    }

    @Test
    void aFailedMoveLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("diff.html");
        Files.createDirectories(target.resolve("in-the-way"));
        assertThrows(IOException.class, () -> DiffHtmlPage.write(fixture(), target));
        assertEquals(List.of(target), list(dir));
        assertTrue(Files.isDirectory(target.resolve("in-the-way")));
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
