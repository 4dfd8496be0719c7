package io.streamgate.live;

import io.streamgate.Api;
import io.streamgate.IntegrationTest;
import io.streamgate.Producers;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The web console in a real browser: Debian's chromium, driven by Selenium through Debian's
 * chromedriver (installed by .ci/run). Skipped, with a message, where they are not installed. Each case
 * opens the page in a browser of its own. {@code -Dscreenshot.write=true} writes docs/console.png.
 */
@IntegrationTest
@TestPropertySource(properties = "streamgate.live.heartbeat=1s")
class ConsoleBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private WebDriver browser;

    @LocalServerPort
    int port;

    @Autowired
    TopicTail tails;

    @Autowired
    Subscribers subscribers;

    @Autowired
    KafkaConnectionDetails kafka;

    @BeforeEach
    void openThePage() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "No chromium and chromedriver in /usr/bin: apt-get install -y chromium chromium-driver (as .ci/run does)");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        browser = new ChromeDriver(service, options);
        browser.get("http://127.0.0.1:" + port + "/");
        await().atMost(Duration.ofSeconds(20)).until(() -> text("connection").equals("CONNECTED"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.cssSelector("#queries tr")).isEmpty());
    }

    @AfterEach
    void closeTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void thePageLoadsWithNoConsoleErrors() {
        assertThat(text("tail-topic")).isEqualTo("testTopic");
        assertThat(text("dlt-topic")).isEqualTo("testTopic.DLT");
        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertThat(errors).as("console errors").isEmpty();
        assertThat(text("selected-query")).as("the default query, the first GET /queries lists").isEqualTo("streamgate");
        assertThat(browser.findElement(By.id("sign-in")).isDisplayed()).as("no sign-in where the API is open").isFalse();
        assertThat(browser.findElement(By.id("produce-panel")).isDisplayed()).isTrue();
        assertThat(browser.findElements(By.cssSelector("#produce-topic option"))).extracting(option -> option.getAttribute("value"))
                .as("the topics clients may produce to, the dead letters not among them").containsExactly("testTopic");
        assertThat(browser.findElement(By.id("sql-editor")).isDisplayed()).isTrue();
    }

    @Test
    void aRecordProducedThroughTheFormShowsInTheTail() {
        produce("browser-1");
        assertThat(text("produce-result")).startsWith("acknowledged: partition 0, offset");
        await().atMost(Duration.ofSeconds(15)).until(() -> text("tail-rows").contains("browser-1"));
    }

    @Test
    void theStartedQueryShowsRunningAndTheRecordInItsResults() throws Exception {
        browser.findElement(By.cssSelector("#queries button[data-query='streamgate']")).click();
        await().atMost(Duration.ofSeconds(30)).until(() -> text("selected-state").equals("RUNNING"));
        await().atMost(Duration.ofSeconds(10)).until(() -> text("queries").contains("RUNNING"));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(3)).until(() -> {
            produce("browser-2");
            return text("results").contains("browser-2");
        });
        assertThat(text("results-head")).as("a processed record's columns").contains("validationError");
        if (Boolean.getBoolean("screenshot.write")) {
            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), Path.of("docs", "console.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void registeredTablesAreListedWithTheirColumnsNamedInTheEditorAndOfferedToProduceTo() {
        Api api = new Api(port);
        assertThat(api.putJson("/tables/browser_customers", """
                {"topic": "browser-customers", "schema": "id BIGINT NOT NULL, name STRING", "key": "id"}""").status()).isIn(200, 201);
        try {
            browser.navigate().refresh();
            // in the editor, folded: its text is there, not shown
            await().atMost(Duration.ofSeconds(20)).until(() -> browser.findElement(By.id("readable"))
                    .getAttribute("textContent").equals("events, browser_customers"));
            browser.findElement(By.cssSelector("#relations-list summary")).click();
            WebElement row = browser.findElement(By.cssSelector("#relations tr[data-relation='browser_customers']"));
            assertThat(row.getText()).contains("table (key id)", "browser-customers", "id BIGINT", "headers MAP<STRING, STRING>");
            assertThat(browser.findElements(By.cssSelector("#produce-topic option"))).extracting(option -> option.getAttribute("value"))
                    .contains("browser-customers");
        } finally {
            api.delete("/tables/browser_customers");
        }
    }

    @Test
    void theSelectedQueryShowsItsLagAndWarnsOfLateRowsDropped() throws Exception {
        Api api = new Api(port);
        assertThat(api.putJson("/queries/browser-windows", """
                {"sql": "SELECT window(timestamp, '10 seconds') AS window, count(*) AS n FROM events GROUP BY window(timestamp, '10 seconds')",
                 "watermark": "10 seconds", "startingOffsets": "latest"}""").status()).isEqualTo(201);
        try {
            assertThat(api.post("/queries/browser-windows/start").status()).isEqualTo(200);
            browser.navigate().refresh();
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    !browser.findElements(By.cssSelector("#queries tr[data-query='browser-windows']")).isEmpty());
            // The list is drawn anew on each state change: a row found may be gone when clicked.
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
                browser.findElements(By.cssSelector("#queries tr[data-query='browser-windows'] button")).stream()
                        .filter(button -> button.getText().equals("Show")).findFirst().orElseThrow().click();
                return text("selected-query").equals("browser-windows");
            });
            assertThat(browser.findElement(By.id("late-warning")).isDisplayed()).isFalse();
            long now = System.currentTimeMillis();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                api.postJson("/messages", "{\"key\": \"now\", \"value\": {\"id\": 1, \"name\": \"n\"}}");
                return text("selected-flow").contains("watermark 20");
            });
            // An hour old: behind the watermark, dropped by the window, and said so.
            try (KafkaProducer<String, String> producer = Producers.strings(String.join(",", kafka.getBootstrapServers()))) {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                    producer.send(new ProducerRecord<>("testTopic", null, now - 3_600_000, "late", "{\"id\": 2, \"name\": \"n\"}")).get();
                    return browser.findElement(By.id("late-warning")).isDisplayed();
                });
            }
            assertThat(text("late-warning")).contains("late rows dropped");
            assertThat(text("selected-flow")).startsWith("Lag ");
            assertThat(browser.findElement(By.cssSelector("#queries tr[data-query='browser-windows'] td.lag")).getText())
                    .matches("\\d+( \\(behind\\))?");
        } finally {
            api.delete("/queries/browser-windows");
        }
    }

    @Test
    void theArchivePanelFindsOneKeysRecords() {
        Api api = new Api(port);
        api.postJson("/queries/start", "{}");
        api.postJson("/messages", "{\"key\": \"browser-archived\", \"value\": {\"id\": 7, \"name\": \"n\"}}");
        WebElement sql = browser.findElement(By.id("archive-sql"));
        assertThat(sql.getAttribute("value")).as("the first example finds one key's records").contains("WHERE key = ");
        sql.clear();
        sql.sendKeys("SELECT key, fields.id AS id, generation FROM archive WHERE key = 'browser-archived'");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            browser.findElement(By.id("archive-run")).click();
            await().atMost(Duration.ofSeconds(30)).until(() -> !text("archive-status").equals("running…"));
            return text("archive-rows").contains("browser-archived");
        });
        assertThat(text("archive-head")).contains("key", "id", "generation");
        assertThat(text("archive-status")).startsWith("1 rows");

        sql.clear();
        sql.sendKeys("SELECT * FROM events");
        browser.findElement(By.id("archive-run")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> text("archive-status").startsWith("REFUSED_SQL"));
    }

    @Test
    void itReadsInANarrowWindow() {
        browser.manage().window().setSize(new Dimension(400, 900));
        Object overflow = ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(((Number) overflow).intValue()).as("no sideways scrolling").isLessThanOrEqualTo(0);
    }

    @Test
    void aPageThatGoesAwayFreesItsConsumers() {
        await("the tail and the dead letters' tail").atMost(Duration.ofSeconds(10))
                .until(() -> tails.consumers() >= 2);
        browser.get("about:blank");
        await().atMost(Duration.ofSeconds(15)).until(() -> tails.consumers() == 0 && subscribers.open() == 0);
    }

    private void produce(String key) {
        ((JavascriptExecutor) browser).executeScript("document.getElementById('produce-result').textContent = '';");
        browser.findElement(By.id("produce-key")).clear();
        browser.findElement(By.id("produce-key")).sendKeys(key);
        browser.findElement(By.id("produce-send")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> text("produce-result").contains("acknowledged"));
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }
}
