package io.streamgate.live;

import io.streamgate.Api;
import io.streamgate.IntegrationTest;
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
