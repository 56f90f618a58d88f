package dev.kodo.server.dashboard;

import static dev.kodo.server.TestServer.ended;
import static dev.kodo.server.TestServer.newId;
import static dev.kodo.server.TestServer.running;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kodo.core.run.Run;
import dev.kodo.server.KodoServerTest;
import dev.kodo.server.TestServer;
import dev.kodo.server.TestServer.Project;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}): runs go in
 * through the ingest API, and the test reads the page as a person would, then clicks through to a failed run.
 * Screenshots are kept in {@code target/dashboard-*.png}. Without Chromium the test fails in CI and is skipped
 * elsewhere, with the command that installs it.
 */
@KodoServerTest
class DashboardBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static ChromeDriver browser;
    private static WebDriverWait wait;

    @Autowired
    TestServer server;

    @BeforeAll
    static void startBrowser() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String message = "the dashboard test needs Debian's Chromium: apt-get install -y chromium chromium-driver";
            if (System.getenv("CI") != null) {
                Assertions.fail(message);
            }
            Assumptions.abort(message);
        }
        Path profile = Files.createTempDirectory(Files.createDirectories(Path.of("target", "chromium-profiles")), "profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1400,1100", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aPersonSeesWhichProcessDoesNotFinishAndWhyAFailedRunBroke() throws IOException {
        try {
            clickThrough();
        } catch (RuntimeException | AssertionError e) {
            screenshot("dashboard-failure");
            throw e;
        }
    }

    private void clickThrough() throws IOException {
        Project empty = server.newProject();
        Project project = server.newProject();
        Instant now = Instant.now();
        List<Run> runs = new ArrayList<>();
        String[] steps = {"charge_card", "reserve_inventory", "notify_warehouse", "mark_fulfilled"};
        for (int i = 0; i < 40; i++) {
            runs.add(ended("checkout-fulfillment", now.minus(2 + i, ChronoUnit.MINUTES), 200 + 10 * i,
                    i % 4 == 0 ? "reserve_inventory" : null, steps));
            runs.add(ended("webhook-delivery", now.minus(1 + i, ChronoUnit.MINUTES), 50 + i, null, "sign", "deliver"));
        }
        runs.add(running(newId(), "checkout-fulfillment", now.minus(40, ChronoUnit.MINUTES), Run.SOURCE_SDK, null));
        // A name and an id with slashes: the page puts them in API paths as %2F.
        for (int i = 0; i < 99; i++) {
            runs.add(ended("billing/nightly", now.minus(3 + i % 30, ChronoUnit.MINUTES), 500, null, "invoice"));
        }
        Run failedInvoice = ended("billing/nightly", now.minus(3, ChronoUnit.MINUTES), 700, "invoice", "invoice");
        runs.add(new Run("invoice/2026/42", failedInvoice.workflow(), failedInvoice.status(), failedInvoice.startedAt(),
                failedInvoice.endedAt(), failedInvoice.failedStep(), failedInvoice.error(), failedInvoice.steps(), null,
                null, null, null, null));
        server.ingest(project, runs);

        browser.get(server.baseUrl() + "/");
        enterKey(empty.readKey());
        WebElement emptyState = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("empty-state")));
        assertThat(emptyState.getText()).contains("No runs yet").contains(server.baseUrl() + "/api/v1/runs");
        screenshot("dashboard-empty");

        browser.findElement(By.id("forget-key")).click();
        enterKey("kodo_rk_wrong0000000000000000000000000");
        WebElement keyError = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("key-error")));
        assertThat(keyError.getText()).contains("not accepted");
        enterKey(project.readKey());
        // Auto-refresh re-renders the page every 15 s; it is switched back on and checked at the end.
        browser.findElement(By.id("auto-refresh")).click();

        WebElement checkout = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("tr.workflow-row[data-workflow='checkout-fulfillment']")));
        WebElement webhooks = browser.findElement(By.cssSelector("tr.workflow-row[data-workflow='webhook-delivery']"));
        assertThat(browser.findElement(By.id("project")).getText()).contains(project.name());
        assertThat(completion(checkout).getText()).isEqualTo("75.0%");
        assertThat(completion(checkout).getAttribute("class")).contains("rate-bad");
        assertThat(completion(webhooks).getText()).isEqualTo("100.0%");
        assertThat(completion(webhooks).getAttribute("class")).contains("rate-good");
        assertThat(checkout.findElement(By.cssSelector(".failed")).getText()).isEqualTo("10");
        assertThat(checkout.findElement(By.cssSelector(".stuck")).getText()).isEqualTo("1");
        assertThat(checkout.findElement(By.cssSelector(".failing-step")).getText()).isEqualTo("reserve_inventory (10)");
        assertThat(checkout.findElement(By.cssSelector(".p95")).getText()).endsWith("ms");
        assertThat(checkout.findElements(By.cssSelector(".spark canvas"))).as("sparkline drawn by ECharts").isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("tr.workflow-row")).get(0).getAttribute("data-workflow"))
                .as("worst process first").isEqualTo("checkout-fulfillment");
        screenshot("dashboard-overview");

        checkout.findElement(By.cssSelector("a.workflow-link")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#runs tr.run-row")));
        assertThat(browser.findElement(By.id("workflow-name")).getText()).isEqualTo("checkout-fulfillment");
        assertThat(browser.findElements(By.cssSelector("#runs tr.run-row"))).hasSize(10);
        assertThat(browser.findElement(By.id("runs")).getText()).contains("reserve_inventory")
                .contains("StepException: boom in reserve_inventory");
        for (String chart : List.of("chart-completion", "chart-p95", "chart-throughput")) {
            assertThat(browser.findElements(By.cssSelector("#" + chart + " canvas"))).as(chart).isNotEmpty();
        }
        WebElement stepsTable = browser.findElement(By.id("steps"));
        assertThat(stepsTable.getText()).contains("charge_card").contains("reserve_inventory");
        screenshot("dashboard-workflow");

        browser.findElement(By.cssSelector("#workflow-view .tabs button[data-state='stuck']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("runs-range"), "1–1 of 1"));
        browser.findElement(By.cssSelector("#workflow-view .tabs button[data-state='failed']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("runs-range"), "1–10 of 10"));
        WebElement failedRun = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#runs tr.run-row a.run-link")));
        String runId = failedRun.getText();
        failedRun.click();

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("run-id"), runId));
        assertThat(browser.findElement(By.id("run-status")).getText()).isEqualTo("failed");
        assertThat(browser.findElement(By.id("run-error")).getText())
                .contains("com.example.StepException").contains("boom in reserve_inventory");
        List<WebElement> stepRows = browser.findElements(By.cssSelector("#run-steps tr.step-row"));
        assertThat(stepRows).hasSize(2);
        assertThat(stepRows.get(1).getAttribute("class")).contains("step-failed");
        assertThat(stepRows.get(1).getText()).contains("reserve_inventory");
        assertThat(browser.findElements(By.cssSelector("#waterfall canvas"))).as("waterfall drawn by ECharts").isNotEmpty();
        screenshot("dashboard-run");

        browser.findElement(By.cssSelector("#run-view .crumbs a[href='#/']")).click();
        wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("tr.workflow-row[data-workflow='billing/nightly'] a.workflow-link"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("workflow-name"), "billing/nightly"));
        assertThat(browser.findElement(By.cssSelector("#steps thead")).getText()).contains("Executions");
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#runs tr.run-row a.run-link"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("run-id"), "invoice/2026/42"));
        assertThat(browser.findElement(By.id("run-workflow-link")).getText()).isEqualTo("billing/nightly");
        assertThat(browser.findElement(By.id("load-error")).isDisplayed()).isFalse();

        // Straight on to another window: the answer for the first one must not overwrite the second.
        browser.findElement(By.cssSelector("#run-view .crumbs a[href='#/']")).click();
        browser.findElement(By.cssSelector("nav .windows button[data-window='1h']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("overview-window"), "last 1h"));

        browser.findElement(By.id("auto-refresh")).click();
        server.ingest(project, List.of(ended("webhook-delivery", Instant.now().minusSeconds(5), 80, "deliver", "sign", "deliver")));
        new WebDriverWait(browser, Duration.ofSeconds(40)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("tr.workflow-row[data-workflow='webhook-delivery'] .failed"), "1"));
    }

    private static WebElement completion(WebElement row) {
        return row.findElement(By.cssSelector(".completion"));
    }

    private static void enterKey(String key) {
        WebElement input = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("key-input")));
        input.clear();
        input.sendKeys(key);
        browser.findElement(By.id("key-submit")).click();
    }

    private static void screenshot(String name) throws IOException {
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), Path.of("target", name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
