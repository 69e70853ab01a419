package al.tirana.councilline.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's chromium and chromedriver, never a downloaded browser), each instance with its
 * own profile, so two of them are two separate people.
 */
public record Browser(ChromeDriver driver, String baseUrl, Path profile) implements AutoCloseable {

  public static final Duration PATIENCE = Duration.ofSeconds(10);

  /** A phone is 360 px wide; desks and offices get a laptop screen. */
  public static Browser open(String baseUrl, int width, int height) throws IOException {
    String chromium = System.getenv().getOrDefault("CHROMIUM_BIN", "/usr/bin/chromium");
    String chromedriver = System.getenv().getOrDefault("CHROMEDRIVER_BIN", "/usr/bin/chromedriver");
    if (!new File(chromium).canExecute() || !new File(chromedriver).canExecute()) {
      throw new IllegalStateException("Browser tests need Debian's chromium and chromium-driver ("
          + "apt-get install -y chromium chromium-driver); .ci/run installs them");
    }
    Path profile = Files.createTempDirectory("councilline-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium);
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-dev-shm-usage", "--no-first-run", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile, "--window-size=" + width + "," + height, "--lang=sq");
    if (width < 500) {
      // headless windows are at least 500 px wide; a phone's viewport is emulated instead
      options.setExperimentalOption("mobileEmulation", Map.of("deviceMetrics",
          Map.of("width", width, "height", height, "pixelRatio", 2.0, "touch", true)));
    }
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(chromedriver)).usingAnyFreePort().build();
    return new Browser(new ChromeDriver(service, options), baseUrl, profile);
  }

  /** Opens a page of the app and waits until its first view has rendered. */
  public Browser go(String hashPath) {
    driver.get(baseUrl + "/#/" + hashPath);
    waitFor("body[data-ready='true']");
    return this;
  }

  /** Navigates inside the running page, as a click on a link would (no reload). */
  public Browser route(String hashPath) {
    js("location.hash = arguments[0]", "#/" + hashPath);
    return this;
  }

  /** Logs in on the login page and waits for the staff's start page (the inbox count in its header). */
  public Browser logIn(String username, String password) {
    go("login").field("username", username).field("password", password).click("#login");
    waitFor("#inbox-count");
    return this;
  }

  public WebElement waitFor(String css) {
    return until(css + " to show", d -> firstShown(d, css));
  }

  public void waitUntil(String description, java.util.function.BooleanSupplier condition) {
    until(description, d -> condition.getAsBoolean() ? Boolean.TRUE : null);
  }

  public List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /** The text of the first match; live pages re-render, so an element replaced while being read is read again. */
  public String text(String css) {
    return until(css + " to show", d -> {
      WebElement shown = firstShown(d, css);
      return shown == null ? null : shown.getText();
    });
  }

  private <T> T until(String description, java.util.function.Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, PATIENCE).ignoring(StaleElementReferenceException.class)
        .withMessage(() -> description + "; " + diagnosis())
        .until(condition::apply);
  }

  private static WebElement firstShown(WebDriver driver, String css) {
    List<WebElement> found = driver.findElements(By.cssSelector(css));
    return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
  }

  public Browser type(String css, String text) {
    WebElement input = waitFor(css);
    input.clear();
    input.sendKeys(text);
    return this;
  }

  public Browser field(String name, String text) {
    return type("[name='" + name + "']", text);
  }

  public Browser choose(String name, String value) {
    new Select(waitFor("select[name='" + name + "']")).selectByValue(value);
    return this;
  }

  /**
   * Clicks the first match once shown. A live page may redraw the element between finding it and clicking it; then
   * the element the page shows now is clicked inside the page, where finding and clicking cannot be told apart (a
   * page that redraws more often than a click's round trip through the driver would otherwise never be clicked).
   */
  public Browser click(String css) {
    until(css + " to be clicked", d -> {
      WebElement shown = firstShown(d, css);
      if (shown == null) {
        return null;
      }
      try {
        shown.click();
      } catch (StaleElementReferenceException redrawn) {
        Object clicked = ((org.openqa.selenium.JavascriptExecutor) d).executeScript(
            "const e = document.querySelector(arguments[0]); if (!e || !e.offsetParent) { return false; } "
                + "e.click(); return true;", css);
        return Boolean.TRUE.equals(clicked) ? Boolean.TRUE : null;
      }
      return Boolean.TRUE;
    });
    return this;
  }

  public Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** Marks the loaded page; the mark survives only as long as the page is not reloaded. */
  public long viewportWidth() {
    return ((Number) js("return window.innerWidth")).longValue();
  }

  /** Whether anything sticks out sideways, which on a phone means a page that must be scrolled horizontally. */
  public boolean fitsWidth() {
    return Boolean.TRUE.equals(js("return document.documentElement.scrollWidth <= window.innerWidth"));
  }

  public void markPage() {
    js("window.__notReloaded = true");
  }

  public boolean samePage() {
    return Boolean.TRUE.equals(js("return window.__notReloaded === true"));
  }

  public Path screenshot(String name) throws IOException {
    Path dir = Path.of("target", "browser-artifacts");
    Files.createDirectories(dir);
    Path target = dir.resolve(name + ".png");
    Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    return target;
  }

  /** Errors the page logged (failed scripts, exceptions, refused resources), for the test to assert there are none. */
  public List<String> consoleErrors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .collect(Collectors.toList());
  }

  private String diagnosis() {
    String shot;
    try {
      shot = screenshot("failure-" + System.currentTimeMillis()).toString();
    } catch (IOException | RuntimeException ex) {
      shot = "no screenshot (" + ex + ")";
    }
    return "screenshot " + shot + "; page " + driver.getCurrentUrl() + " shows alerts " + js("return [...document.querySelectorAll("
        + "'[role=alert], .alert')].map(e => e.textContent).filter(t => t)") + " and logged errors " + consoleErrors();
  }

  @Override
  public void close() {
    driver.quit();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException ex) {
      throw new java.io.UncheckedIOException(ex);
    }
  }
}
