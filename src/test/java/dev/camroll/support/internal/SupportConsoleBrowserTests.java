package dev.camroll.support.internal;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.camroll.api.Ids;
import dev.camroll.consent.internal.TestLedger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in a real headless browser: Debian's chromium driven through Debian's chromedriver, against the
 * service on a random port. One browser for the whole class; each test starts signed out. Nothing is downloaded:
 * both binaries are named explicitly, so Selenium Manager never runs, and their absence fails the tests. Elsewhere
 * than Debian, name them with {@code -Dcamroll.test.chromium=...} and {@code -Dcamroll.test.chromedriver=...}.
 */
class SupportConsoleBrowserTests extends ConsoleTest {

    static final Path CHROMIUM = Path.of(System.getProperty("camroll.test.chromium", "/usr/bin/chromium"));

    static final Path CHROMEDRIVER = Path.of(System.getProperty("camroll.test.chromedriver", "/usr/bin/chromedriver"));

    static WebDriver browser;

    @Autowired
    ApplicationContext context;

    @BeforeAll
    static void startBrowser() {
        for (Path binary : List.of(CHROMIUM, CHROMEDRIVER)) {
            assertThat(Files.isExecutable(binary))
                    .as(
                            binary
                                    + " is missing: the console's browser tests need Debian's chromium and chromium-driver "
                                    + "(apt-get install -y --no-install-recommends chromium chromium-driver; .ci/run installs them)")
                    .isTrue();
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // --no-sandbox: the tests run as root in CI containers, where chromium's sandbox cannot start
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--disable-extensions",
                "--no-first-run",
                "--window-size=1280,1024");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void signedOut() {
        open("/support/sign-in");
        browser.manage().deleteAllCookies();
    }

    @Test
    void signInRefusesAWrongPasswordAndLetsTheRightOneIn() {
        open("/support");
        assertThat(browser.getCurrentUrl()).as("no session, no console").endsWith("/support/sign-in");

        signIn(SAM, "not-the-password");
        assertThat(browser.getCurrentUrl()).endsWith("/support/sign-in?error");
        assertThat(text("#sign-in-error")).contains("wrong username or password");

        signIn(SAM, SAM_PASSWORD);
        assertThat(browser.getCurrentUrl()).as("back where sam was headed").matches(".*/support(\\?continue)?");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Look up a user");
        assertThat(text("#signed-in-as")).isEqualTo(SAM);
        assertThat(browser.findElements(By.linkText("Access log")))
                .as("sam is not an admin")
                .isEmpty();

        submit(By.xpath("//button[text()='Sign out']"));
        assertThat(browser.getCurrentUrl()).endsWith("/support/sign-in?signed-out");
        open("/support");
        assertThat(browser.getCurrentUrl()).endsWith("/support/sign-in");
    }

    @Test
    void withoutAReasonNothingIsShownAndNothingIsLogged() {
        String user = newUser("customer");
        give(token(user), "cloud_processing");
        signIn(SAM, SAM_PASSWORD);

        lookUp(user, "");
        assertThat(text("#errors")).contains("Say why you look");
        assertThat(text("#reason-error")).contains("10 to 500 characters");
        lookUp(user, "because");
        assertThat(text("#reason-error")).contains("Say why you look");

        assertThat(browser.findElement(By.id("reason")).getAttribute("aria-invalid"))
                .isEqualTo("true");
        assertThat(browser.findElements(By.id("purposes"))).as("no data shown").isEmpty();
        assertThat(browser.getPageSource()).doesNotContain("cloud_processing");
        assertThat(accessLogSize(user)).isZero();
    }

    @Test
    void theUserPageShowsStateNoticeTimelineChainDevicesMediaAndWhoLooked() {
        String user = newUser("customer");
        give(token(user), "cloud_processing");
        give(token(user), "location_analysis");
        withdraw(token(user), "location_analysis");
        TestLedger.recordPurge(context, user, Map.of("objects", 3, "keysSha256", "ab".repeat(32)));
        assertThat(registerDevice(user, "pixel-9", "android", "2.4.1", "limited")
                        .status())
                .isEqualTo(201);
        jdbc.update("UPDATE devices SET last_sync_at = '2026-11-20T08:30:00Z' WHERE subject = ?", user);
        mediaInState(user, "processed");
        mediaInState(user, "processed");
        mediaInState(user, "failed");
        api.get("/v1/support/users/" + user + "/consent")
                .token(token("earlier-agent", "support"))
                .header("X-Access-Reason", "TICKET-4000 earlier look")
                .send();
        signIn(SAM, SAM_PASSWORD);

        lookUp(user, REASON);

        assertThat(text("#user-id")).isEqualTo(user);
        WebElement cloud = browser.findElement(By.id("purpose-cloud_processing"));
        assertThat(cell(cloud, "state")).isEqualTo("GIVEN");
        assertThat(cell(cloud, "notice-version")).isEqualTo(currentNotice("cloud_processing", "en"));
        assertThat(cell(cloud, "current-notice")).isEqualTo("yes");
        assertThat(cell(browser.findElement(By.id("purpose-location_analysis")), "state"))
                .isEqualTo("WITHDRAWN");
        assertThat(cell(browser.findElement(By.id("purpose-original_retention")), "state"))
                .isEqualTo("NOT_ASKED");

        List<WebElement> timeline = browser.findElements(By.cssSelector("#timeline tbody tr"));
        assertThat(timeline).hasSize(4);
        assertThat(cell(timeline.get(0), "event")).isEqualTo("Consent given");
        assertThat(cell(timeline.get(0), "actor")).isEqualTo("USER " + user);
        assertThat(cell(timeline.get(2), "event")).isEqualTo("Consent withdrawn");
        assertThat(cell(timeline.get(3), "event")).isEqualTo("Data purged");
        assertThat(cell(timeline.get(3), "actor")).isEqualTo("SYSTEM");
        assertThat(timeline.get(3).getText()).contains("objects", "3");
        assertThat(text("#chain")).contains("Chain verified", "all 4 entries");

        String device = text("#devices tbody tr");
        assertThat(device).contains("pixel-9", "android", "2.4.1", "Pixel 9", "limited", "2026-11-20 08:30:00");
        assertThat(text("#media-stored")).isEqualTo("stored 0");
        assertThat(text("#media-processed")).isEqualTo("processed 2");
        assertThat(text("#media-failed")).isEqualTo("failed 1");
        assertThat(browser.findElements(By.tagName("img")))
                .as("never any photo content")
                .isEmpty();

        List<WebElement> accesses = browser.findElements(By.cssSelector("#accesses tbody tr"));
        assertThat(accesses).hasSize(2);
        assertThat(accesses.get(0).getText()).contains(SAM, REASON, "POST /support/users");
        assertThat(accesses.get(1).getText()).contains("earlier-agent", "TICKET-4000 earlier look");
        assertThat(accessLogSize(user)).isEqualTo(2);
    }

    @Test
    void revokingNeedsAReasonAndAConfirmationAndOnlyTheConfirmationWithdraws() {
        String user = newUser("customer");
        give(token(user), "cloud_processing");
        give(token(user), "location_analysis");
        signIn(SAM, SAM_PASSWORD);
        lookUp(user, REASON);
        assertThat(browser.findElements(By.id("revoke-original_retention")))
                .as("nothing to withdraw")
                .isEmpty();
        assertThat(browser.getPageSource()).doesNotContainIgnoringCase("give consent</button>");

        browser.findElement(By.id("revoke-reason-cloud_processing")).sendKeys("short");
        submit(By.id("revoke-cloud_processing"));
        assertThat(text("#errors")).contains("Nothing was withdrawn");
        browser.findElement(By.id("reason")).clear();
        browser.findElement(By.id("reason")).sendKeys("TICKET-4711 user asked by phone to stop");
        submit(By.xpath("//button[text()='Continue']"));

        assertThat(browser.findElement(By.tagName("h1")).getText())
                .isEqualTo("Withdraw cloud_processing for user " + user + "?");
        assertThat(text("#consequences"))
                .contains("SUPPORT", SAM, "location_analysis", "Uploads stop", "purged within a minute");
        assertThat(decisions(user)).as("the confirmation page changes nothing").isEqualTo(2);

        submit(By.id("confirm-revoke"));

        assertThat(text("#revoked")).contains("cloud_processing is withdrawn");
        assertThat(cell(browser.findElement(By.id("purpose-cloud_processing")), "state"))
                .isEqualTo("WITHDRAWN");
        assertThat(cell(browser.findElement(By.id("purpose-location_analysis")), "state"))
                .isEqualTo("WITHDRAWN");
        List<WebElement> timeline = browser.findElements(By.cssSelector("#timeline tbody tr"));
        assertThat(cell(timeline.get(2), "actor")).isEqualTo("SUPPORT " + SAM);
        assertThat(timeline.get(2).getText()).contains("TICKET-4711 user asked by phone to stop");
        assertThat(cell(timeline.get(3), "actor")).isEqualTo("SYSTEM");
        assertThat(text("#chain")).contains("Chain verified");
        assertThat(decisions(user)).isEqualTo(4);
        assertThat(jdbc.queryForObject(
                        "SELECT actor_kind || ' ' || actor_id FROM consent_events WHERE subject = ? AND seq = 3",
                        String.class,
                        user))
                .isEqualTo("SUPPORT " + SAM);
    }

    @Test
    void cancellingTheConfirmationWithdrawsNothing() {
        String user = newUser("customer");
        give(token(user), "cloud_processing");
        signIn(SAM, SAM_PASSWORD);
        lookUp(user, REASON);
        browser.findElement(By.id("revoke-reason-cloud_processing")).sendKeys("TICKET-4711 user asked by phone");
        submit(By.id("revoke-cloud_processing"));

        submit(By.id("cancel-revoke"));

        assertThat(browser.getCurrentUrl()).endsWith("/support");
        assertThat(decisions(user)).isEqualTo(1);
    }

    @Test
    void adminsFilterTheAccessLogAndSupportStaffAreTurnedAway() {
        String user = newUser("customer");
        String other = newUser("customer");
        give(token(user), "cloud_processing");
        give(token(other), "cloud_processing");
        signIn(SAM, SAM_PASSWORD);
        lookUp(user, REASON);
        lookUp(other, "TICKET-4712 other customer");
        open("/support/access-log");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not allowed");
        assertThat(browser.getPageSource()).doesNotContain(user);
        submit(By.xpath("//button[text()='Sign out']"));

        int adaReadTheLog = logReadsBy(ADA);
        signIn(ADA, ADA_PASSWORD);
        submit(By.linkText("Access log"));
        browser.findElement(By.id("staffId")).sendKeys(SAM);
        browser.findElement(By.id("userId")).sendKeys(user);
        browser.findElement(By.id("reason")).sendKeys("AUDIT-2026-11 monthly review");
        submit(By.id("show-entries"));

        List<WebElement> entries = browser.findElements(By.cssSelector("#entries tbody tr"));
        assertThat(entries).hasSize(1);
        assertThat(cell(entries.get(0), "staff")).isEqualTo(SAM);
        assertThat(cell(entries.get(0), "user")).isEqualTo(user);
        assertThat(entries.get(0).getText()).contains(REASON);

        browser.findElement(By.id("userId")).clear();
        submit(By.id("show-entries"));
        List<WebElement> bySam = browser.findElements(By.cssSelector("#entries tbody tr"));
        assertThat(bySam).extracting(row -> cell(row, "staff")).containsOnly(SAM);
        assertThat(bySam).extracting(row -> cell(row, "user")).contains(user, other);
        assertThat(logReadsBy(ADA)).as("reading the log is logged").isEqualTo(adaReadTheLog + 2);
    }

    @Test
    void theAccessLogShowsFiftyEntriesAPageAndOlderOnesOnRequest() {
        String busy = newUser("busy-agent");
        for (int i = 0; i < 55; i++) {
            jdbc.update(
                    "INSERT INTO access_log (id, at, staff_id, subject, reason, resource) VALUES (?, now(), ?, ?, ?, ?)",
                    Ids.newId(),
                    busy,
                    "user-" + i,
                    "TICKET-" + i + " bulk look",
                    "POST /support/users");
        }
        signIn(ADA, ADA_PASSWORD);
        open("/support/access-log");
        browser.findElement(By.id("staffId")).sendKeys(busy);
        browser.findElement(By.id("reason")).sendKeys("AUDIT-2026-11 busy agent");
        submit(By.id("show-entries"));

        List<WebElement> newest = browser.findElements(By.cssSelector("#entries tbody tr"));
        assertThat(newest).hasSize(50);
        assertThat(cell(newest.get(0), "user")).isEqualTo("user-54");
        submit(By.id("older-entries"));

        List<WebElement> older = browser.findElements(By.cssSelector("#entries tbody tr"));
        assertThat(older)
                .extracting(row -> cell(row, "user"))
                .containsExactly("user-4", "user-3", "user-2", "user-1", "user-0");
        assertThat(browser.findElements(By.id("older-entries"))).isEmpty();
        assertThat(browser.findElement(By.id("staffId")).getAttribute("value"))
                .as("the filter stays")
                .isEqualTo(busy);
    }

    @Test
    void aConfirmingPostFromAnEndedSessionIsRefused() {
        String user = newUser("customer");
        give(token(user), "cloud_processing");
        signIn(SAM, SAM_PASSWORD);
        lookUp(user, REASON);
        browser.findElement(By.id("revoke-reason-cloud_processing")).sendKeys("TICKET-4711 user asked by phone");
        submit(By.id("revoke-cloud_processing"));

        browser.manage().deleteAllCookies(); // the session ends (time-out, sign-out elsewhere): its CSRF token with it
        submit(By.id("confirm-revoke"));

        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not allowed");
        assertThat(decisions(user)).isEqualTo(1);
        assertThat(accessLogSize(user)).as("only the look-up").isEqualTo(1);
        // a forged cross-site form: no session, no token
        var forged = api.request("POST", "/support/revocations")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .bytes(("userId=" + user + "&purpose=cloud_processing&reason=TICKET-4711+forged+request").getBytes())
                .send();
        assertThat(forged.status()).isEqualTo(403);
        assertThat(decisions(user)).isEqualTo(1);
    }

    private int logReadsBy(String staffId) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM access_log WHERE staff_id = ? AND resource = ?",
                Integer.class,
                staffId,
                "POST /support/access-log");
    }

    private void open(String path) {
        browser.get("http://localhost:" + port + path);
    }

    private void signIn(String username, String password) {
        open("/support/sign-in");
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        submit(By.xpath("//button[text()='Sign in']"));
    }

    private void lookUp(String userId, String reason) {
        open("/support");
        browser.findElement(By.id("userId")).clear();
        browser.findElement(By.id("userId")).sendKeys(userId);
        browser.findElement(By.id("reason")).clear();
        browser.findElement(By.id("reason")).sendKeys(reason);
        submit(By.xpath("//button[text()='Look up']"));
    }

    /** Clicks what submits a form or follows a link, and waits until the next page replaced this one and loaded. */
    private static void submit(By control) {
        WebElement element = browser.findElement(control);
        element.click();
        // While the old document is torn down chromedriver may answer "Node ... does not belong to the document"
        // instead of "stale element": ask again until the old element is plainly gone.
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20), Duration.ofMillis(50));
        wait.ignoring(WebDriverException.class).until(ExpectedConditions.stalenessOf(element));
        wait.until(
                driver -> "complete".equals(((JavascriptExecutor) driver).executeScript("return document.readyState")));
    }

    private static String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    private static String cell(WebElement row, String cssClass) {
        return row.findElement(By.className(cssClass)).getText();
    }
}
