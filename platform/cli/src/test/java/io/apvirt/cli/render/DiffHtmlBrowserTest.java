package io.apvirt.cli.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The page of {@code apvirt diff --html} in a real headless browser: Debian's {@code /usr/bin/chromium} driven
 * through {@code /usr/bin/chromedriver} (never a downloaded one: both paths are given, so Selenium Manager has
 * nothing to look for). {@code .ci/run} installs both when missing; elsewhere a missing browser fails the test
 * unless {@code APVIRT_SKIP_BROWSER_TESTS=1}.
 */
@Tag("browser")
class DiffHtmlBrowserTest {
    static final File CHROMIUM = new File("/usr/bin/chromium");
    static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    /** The fixture's classes repeated this often, for a document longer than a page of the matrix. */
    static final int COPIES = 46;

    static Path folder;
    static ChromeDriver driver;
    static JsonNode fixture;
    static String fixturePage;
    static String hostilePage;
    static String bigPage;

    @BeforeAll
    static void startBrowser() throws IOException {
        Assumptions.assumeFalse("1".equals(System.getenv("APVIRT_SKIP_BROWSER_TESTS")),
                "browser tests skipped: APVIRT_SKIP_BROWSER_TESTS=1");
        List<String> missing = Stream.of(CHROMIUM, CHROMEDRIVER).filter(f -> !f.canExecute()).map(File::getPath).toList();
        if (!missing.isEmpty()) {
            fail("the browser tests need Debian's chromium (" + CHROMIUM + ") and chromedriver (" + CHROMEDRIVER + "); missing: "
                    + String.join(", ", missing) + ". Install them with `apt-get install chromium chromium-driver`"
                    + " (.ci/run does), or set APVIRT_SKIP_BROWSER_TESTS=1 to skip these tests");
        }
        folder = Files.createTempDirectory("apvirt-diff-html");
        fixture = DiffHtmlPageTest.fixture();
        fixturePage = page("fixture.html", fixture);
        hostilePage = page("hostile.html", DiffHtmlPageTest.hostile());
        bigPage = page("big.html", big());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1400,1000", "--user-data-dir=" + Files.createDirectory(folder.resolve("profile")));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER)
                .withLogOutput(OutputStream.nullOutputStream())
                .build();
        driver = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (folder != null) {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    static String page(String name, JsonNode doc) throws IOException {
        Path file = folder.resolve(name);
        DiffHtmlPage.write(doc, file);
        return file.toUri().toString();
    }

    /** The fixture with its classes {@value #COPIES} times (ids suffixed -k): more than two pages of the matrix. */
    static JsonNode big() {
        JsonNode doc = DiffHtmlPageTest.fixture();
        ArrayNode classes = (ArrayNode) doc.get("classes");
        List<JsonNode> one = new ArrayList<>();
        classes.forEach(one::add);
        classes.removeAll();
        for (int k = 0; k < COPIES; k++) {
            for (JsonNode c : one) {
                ObjectNode copy = c.deepCopy();
                copy.put("id", c.get("id").asText() + "-" + k);
                classes.add(copy);
            }
        }
        return doc;
    }

    /** The number of classes listed in the matrix. */
    static long listed() {
        return (Long) js("return document.querySelectorAll('#matrix tbody tr.line').length;");
    }

    static String shown() {
        return driver.findElement(By.id("shown-count")).getText();
    }

    static List<String> classIdsOfRow(String row) {
        List<String> ids = new ArrayList<>();
        fixture.get("classes").forEach(c -> {
            if (row.equals(c.get("row").asText(null))) {
                ids.add(c.get("id").asText());
            }
        });
        return ids;
    }

    /** The ids of the classes listed in the matrix, in order. */
    @SuppressWarnings("unchecked")
    static List<String> listedIds() {
        return (List<String>) js("return [...document.querySelectorAll('#matrix tbody tr.line')].map(l => l.dataset.class);");
    }

    static Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    @Test
    void theRowsTableHasTheDocumentsRows() {
        driver.get(fixturePage);
        List<WebElement> rows = driver.findElements(By.cssSelector("#rows tbody tr"));
        assertEquals(3, rows.size());
        assertEquals(List.of("row-r1", "row-r2", "row-r3"), rows.stream().map(r -> r.getAttribute("id")).toList());
        List<WebElement> r3 = rows.get(2).findElements(By.tagName("td"));
        assertEquals(List.of("r3", "instruction in {aqic-enable, aqic-disable} +guest.apqi hook=none -problem-state",
                "cc3 0x01@hi", "cc3 0x01", "operation", "5"), r3.stream().map(WebElement::getText).toList());
        assertEquals("out o-hi", r3.get(2).getAttribute("class"));
        assertEquals("out o-cc3", r3.get(3).getAttribute("class"));
        assertEquals("out o-operation", r3.get(4).getAttribute("class"));
        // the rows come before the matrix
        assertTrue((Boolean) js("return !!(document.getElementById('rows').compareDocumentPosition("
                + "document.getElementById('matrix')) & Node.DOCUMENT_POSITION_FOLLOWING);"));
    }

    @Test
    void theMatrixListsEveryClassOfTheDocument() {
        driver.get(fixturePage);
        assertEquals(27, listed());
        assertEquals("27 of 27 classes shown", shown());
        assertFalse(driver.findElement(By.id("more")).isDisplayed());
        List<String> ids = new ArrayList<>();
        fixture.get("classes").forEach(c -> ids.add(c.get("id").asText()));
        assertEquals(ids, listedIds());
        List<String> header = driver.findElements(By.cssSelector("#matrix thead th")).stream().map(WebElement::getText).toList();
        assertEquals(List.of("class", "row", "instruction", "conditions", "architected", "mainline", "corrected", "legacy-abi"), header);
        List<String> c008202 = driver.findElements(By.cssSelector("#class-c008202 td")).stream().map(WebElement::getText).toList();
        assertEquals(List.of("c008202*", "r3", "aqic-enable", "-guest.aiv hook=none", "cc3 0x01", "cc3 0x01@hi", "cc3 0x01", "operation"), c008202);
        assertEquals("first values", driver.findElement(By.cssSelector("#class-c008192 td.cond")).getText());
    }

    /** Each outcome text of the fixture and the colour class the page gives it. */
    static final Map<String, String> KIND = Map.of("cc0 0x00", "o-cc0", "cc3 0x01", "o-cc3", "cc3 0x01@hi", "o-hi",
            "operation", "o-operation", "privileged-operation", "o-privileged-operation", "specification", "o-specification",
            "addressing", "o-addressing");

    @Test
    void everyCellHasTheColourOfItsOutcomeAndDeparturesAreMarked() {
        driver.get(fixturePage);
        @SuppressWarnings("unchecked")
        Map<String, List<Map<String, String>>> cells = (Map<String, List<Map<String, String>>>) js(
                "const m = {}; for (const l of document.querySelectorAll('#matrix tbody tr.line'))"
                        + " m[l.dataset.class] = [...l.querySelectorAll('td.out')].map(td => ({text: td.textContent, cls: td.className}));"
                        + " m.differs = [...document.querySelectorAll('#matrix tbody tr.line.differs')].map(l => ({text: l.dataset.class, cls: ''}));"
                        + " return m;");
        int checked = 0;
        List<String> differing = new ArrayList<>();
        for (JsonNode c : fixture.get("classes")) {
            String id = c.get("id").asText();
            List<Map<String, String>> line = cells.get(id);
            assertEquals(4, line.size(), id);
            String architected = c.get("architected").get("text").asText();
            assertEquals(Map.of("text", architected, "cls", "out " + KIND.get(architected) + " arch"), line.get(0), id);
            int i = 1;
            for (JsonNode policy : fixture.get("policies")) {
                String text = c.get("outcomes").get(policy.asText()).get("text").asText();
                boolean departs = false;
                for (JsonNode d : c.get("departs")) {
                    departs |= d.asText().equals(policy.asText());
                }
                assertEquals(Map.of("text", text, "cls", "out " + KIND.get(text) + (departs ? " dep" : "")), line.get(i++), id + " " + policy);
                checked++;
            }
            if (c.get("differs").asBoolean()) {
                differing.add(id);
            }
        }
        assertEquals(differing, cells.get("differs").stream().map(d -> d.get("text")).toList());
        assertEquals(25, differing.size());
        assertEquals(27 * 3, checked);
        // the kinds are told apart by colour, and a departing cell by its border
        List<String> colours = new ArrayList<>();
        for (String id : List.of("c001024", "c008194", "c001025", "c008224", "c025600")) {
            for (WebElement cell : driver.findElements(By.cssSelector("#class-" + id + " td.out"))) {
                colours.add(cell.getAttribute("class").split(" ")[1] + "=" + cell.getCssValue("background-color"));
            }
        }
        assertEquals(7, colours.stream().distinct().count(), String.valueOf(colours));
        assertEquals(7, colours.stream().map(s -> s.substring(s.indexOf('=') + 1)).distinct().count(), String.valueOf(colours));
        assertEquals("rgb(29, 33, 37) 0px 0px 0px 2px inset",
                driver.findElement(By.cssSelector("#class-c008194 td.dep")).getCssValue("box-shadow"));
        assertEquals("none", driver.findElement(By.cssSelector("#class-c008194 td.arch")).getCssValue("box-shadow"));
    }

    @Test
    void aDimensionFilterListsTheClassesWithThatValue() {
        driver.get(fixturePage);
        new Select(driver.findElement(By.id("filter-hook"))).selectByVisibleText("none");
        assertEquals("8 of 27 classes shown", shown());
        assertEquals(8, listed());
        for (WebElement cond : driver.findElements(By.cssSelector("#matrix tbody td.cond"))) {
            assertTrue(cond.getText().contains("hook=none"), cond.getText());
        }
        new Select(driver.findElement(By.id("filter-instruction"))).selectByValue("aqic-enable");
        assertEquals("3 of 27 classes shown", shown());
        assertEquals(List.of("c008194", "c008202", "c009218"), listedIds());
        new Select(driver.findElement(By.id("filter-hook"))).selectByVisibleText("any");
        assertEquals("9 of 27 classes shown", shown());
        new Select(driver.findElement(By.id("filter-guest-facilities-apqi"))).selectByVisibleText("false");
        assertEquals(List.of("c008224"), listedIds());
        new Select(driver.findElement(By.id("filter-problem-state"))).selectByVisibleText("true");
        assertEquals("0 of 27 classes shown", shown());
        assertEquals("no class matches the filters", driver.findElement(By.cssSelector("#matrix tbody td.empty")).getText());
        driver.findElement(By.id("reset-filters")).click();
        assertEquals("27 of 27 classes shown", shown());
    }

    @Test
    void theInstructionFilterIsGroupedByFamily() {
        driver.get(fixturePage);
        List<String> groups = driver.findElements(By.cssSelector("#filter-instruction optgroup")).stream()
                .map(g -> g.getAttribute("label")).toList();
        assertEquals(List.of("PQAP(TAPQ)", "PQAP(AQIC)", "PQAP(QACT)", "NQAP"), groups);
        assertEquals(List.of("aqic-enable", "aqic-disable"), driver.findElements(By.cssSelector(
                "#filter-instruction optgroup[label='PQAP(AQIC)'] option")).stream().map(o -> o.getAttribute("value")).toList());
    }

    @Test
    void onlyWherePoliciesDifferHidesTheClassesWhereTheyAgree() {
        driver.get(fixturePage);
        driver.findElement(By.id("only-differing")).click();
        assertEquals("25 of 27 classes shown", shown());
        assertEquals(25, listed());
        assertFalse(listedIds().contains("c017408"));
        assertFalse(listedIds().contains("c017410"));
        driver.findElement(By.id("only-differing")).click();
        assertEquals("27 of 27 classes shown", shown());
    }

    @Test
    void clickingARowListsItsClasses() {
        driver.get(fixturePage);
        driver.findElement(By.id("row-r3")).click();
        assertEquals("5 of 27 classes shown", shown());
        assertEquals(classIdsOfRow("r3"), listedIds());
        assertEquals(5, classIdsOfRow("r3").size());
        assertEquals("row r3 clear", driver.findElement(By.id("row-filter")).getText());
        assertTrue(driver.findElement(By.id("row-r3")).getAttribute("class").contains("selected"));
        driver.findElement(By.id("row-r1")).click();
        assertEquals("7 of 27 classes shown", shown());
        assertEquals(classIdsOfRow("r1"), listedIds());
        assertFalse(driver.findElement(By.id("row-r3")).getAttribute("class").contains("selected"));
        driver.findElement(By.id("clear-row")).click();
        assertEquals("27 of 27 classes shown", shown());
        assertFalse(driver.findElement(By.id("row-filter")).isDisplayed());
    }

    @Test
    void theRuleBoxListsTheClassesWhereAnOutcomeNamesTheRule() {
        driver.get(fixturePage);
        driver.findElement(By.id("filter-rule")).sendKeys("mainline.no-hook");
        assertEquals(classIdsOfRow("r3"), listedIds());
        driver.findElement(By.id("filter-rule")).clear();
        driver.findElement(By.id("filter-rule")).sendKeys("exec.qact");
        assertEquals(List.of("c017408", "c017410"), listedIds());
        driver.findElement(By.id("filter-rule")).clear();
        driver.findElement(By.id("filter-rule")).sendKeys("mainline.b2-no-case");
        assertEquals("4 of 27 classes shown", shown(), "the rule that handed the instruction on counts too");
        assertEquals("mainline.b2-no-case > userspace.unknown-instruction (userspace), departs from architected",
                driver.findElement(By.cssSelector("#class-c025600 td.out:nth-of-type(6)")).getDomAttribute("title"));
    }

    @Test
    void clickingAClassShowsItsWitness() {
        driver.get(fixturePage);
        driver.findElement(By.cssSelector("#class-c012290 td.cond")).click();
        String detail = driver.findElement(By.id("detail-c012290")).getText();
        assertTrue(detail.contains("\nmainline\ncc3 0x01@hi, rule mainline.no-hook, level kvm, departs from architected\ncorrected\n"), detail);
        assertTrue(detail.contains("\nwitness config\nhook=none\nwitness setup 1\n"
                + "{name: \"AQIC enable\", instruction: \"pqap\", fc: \"aqic\", enable: true, apqn: \"03.0005\"}\nwitness step\n"
                + "{name: \"AQIC disable of a queue with interrupts on\", instruction: \"pqap\", fc: \"aqic\", enable: false,"
                + " apqn: \"03.0005\", problem-state: false}"), detail);
        driver.findElement(By.cssSelector("#class-c012290 td.cond")).click();
        assertTrue(driver.findElements(By.id("detail-c012290")).isEmpty());
    }

    @Test
    void theMatrixListsFiveHundredClassesAtATime() {
        driver.get(bigPage);
        int total = 27 * COPIES;
        assertEquals(total + " of " + total + " classes shown, the first 500 listed", shown());
        assertEquals(500, listed());
        WebElement more = driver.findElement(By.id("more"));
        assertEquals("show more (500 of 742 not listed)", more.getText());
        more.click();
        assertEquals(1000, listed());
        assertEquals("show more (242 of 242 not listed)", more.getText());
        more.click();
        assertEquals(total, listed());
        assertEquals(total + " of " + total + " classes shown", shown());
        assertFalse(more.isDisplayed());
        new Select(driver.findElement(By.id("filter-hook"))).selectByVisibleText("none");
        assertEquals((8 * COPIES) + " of " + total + " classes shown", shown());
        assertEquals(8 * COPIES, listed());
        driver.findElement(By.id("filter-rule")).sendKeys("exec.qact");
        assertEquals(COPIES + " of " + total + " classes shown", shown());
    }

    @Test
    void theDocumentsTextIsNeverMarkup() {
        driver.get(hostilePage);
        assertNull(js("return window.pwned === undefined ? null : window.pwned;"));
        assertEquals(0L, js("return document.images.length;"));
        assertEquals(27, listed());
        assertEquals(DiffHtmlPageTest.HOSTILE, driver.findElement(By.id("row-r1")).getDomAttribute("title"));
        driver.findElement(By.cssSelector("#class-c001024 td.cond")).click();
        assertTrue(driver.findElement(By.id("detail-c001024")).getText().contains("</script><script>window.pwned = 1</script>"));
        assertNull(js("return window.pwned === undefined ? null : window.pwned;"));
    }

    @Test
    void thePageMakesNoRequest() {
        for (String page : List.of(fixturePage, bigPage, hostilePage)) {
            driver.get(page);
            driver.findElement(By.id("row-r2")).click();
            driver.findElement(By.id("only-differing")).click();
            assertEquals(0L, js("return performance.getEntriesByType('resource').length;"), page);
            assertEquals(List.of(page), js("return performance.getEntriesByType('navigation').map(e => e.name);"));
        }
    }
}
