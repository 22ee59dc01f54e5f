package dev.align4j.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.data.DataFormat;
import dev.align4j.core.label.BinaryLabel;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.label.Ranking;
import dev.align4j.core.label.Rating;
import dev.align4j.core.label.RatingScale;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Message;
import dev.align4j.core.text.Prompt;
import dev.align4j.feedback.event.FeedbackEvent;
import dev.align4j.testkit.ManualClock;
import java.io.File;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The lead's dashboard in headless Chromium (Debian {@code chromium} and {@code chromium-driver}; no driver is ever
 * downloaded): gold accuracy and Cohen's κ shown equal values computed here from the answers given, the hand-over
 * chart an SVG with one point per bucket, and a disagreement settled by the lead's click. Skipped with a message
 * when the browser is missing, failed when the environment variable {@code CI} is set. Saves
 * {@code target/screenshots/dashboard.png}, and copies it to {@code docs/dashboard.png} when run with
 * {@code -Dalign4j.updateDocs=true}.
 */
class DashboardBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

  private static WebDriver browser;

  @TempDir Path dir;

  @BeforeAll
  static void startBrowser() {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
    if (!present) {
      String message =
          "headless Chromium or chromedriver missing (" + CHROMIUM + ", " + DRIVER + ")";
      if (System.getenv("CI") != null) {
        fail(
            message
                + ": CI must run the browser tests (.ci/run installs chromium and chromium-driver)");
      }
      System.err.println("SKIPPED DashboardBrowserTest: " + message);
      Assumptions.abort(message);
    }
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--lang=en-US");
    browser = new ChromeDriver(service, options);
    browser.manage().window().setSize(new Dimension(1200, 1500));
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  private static FeedbackRequest gold(int i) {
    return ReviewFixture.pair("gold-" + i, "Gold question " + i, "right " + i, "wrong " + i);
  }

  /**
   * Opens the dashboard of {@code f} in the browser and signs in with the lead's token; returns a 15 s wait, the page
   * loaded.
   */
  private static WebDriverWait signInAsLead(ReviewFixture f) {
    browser.get(f.base.resolve("/dashboard.html").toString());
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
    browser.findElement(By.id("token")).sendKeys(ReviewFixture.LEA_TOKEN);
    browser.findElement(By.id("login-button")).click();
    wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-loaded", "true"));
    return wait;
  }

  /** Cohen's κ from its definition, (p_o − p_e) / (1 − p_e), over the four pairwise categories. */
  private static double cohen(List<String> a, List<String> b) {
    List<String> cats = List.of("A", "B", "TIE", "BOTH_BAD");
    int n = a.size();
    double po = 0;
    for (int i = 0; i < n; i++) {
      po += a.get(i).equals(b.get(i)) ? 1.0 / n : 0;
    }
    double pe = 0;
    for (String c : cats) {
      pe +=
          (a.stream().filter(c::equals).count() / (double) n)
              * (b.stream().filter(c::equals).count() / (double) n);
    }
    return (po - pe) / (1 - pe);
  }

  @Test
  void leadSeesGoldAccuracyKappaAndTheHandOverChart() throws IOException {
    ManualClock hc = new ManualClock(T0);
    HandOverHistory history = HandOverHistory.builder().clock(hc).bucketSize(5).build();
    try (ReviewFixture f =
        new ReviewFixture(
            dir,
            b -> {
              b.minSubmitted(3).goldRate(1.0).goldFlag(0.8, 4).handOver(history);
              for (int i = 1; i <= 4; i++) {
                b.gold(
                    gold(i),
                    HandOverScript.labelOf(
                        gold(i), Outcome.A, Provenance.human("key", Instant.EPOCH)));
              }
            })) {
      List<String> annSays = List.of("A", "A", "B", "B", "A", "TIE");
      List<String> bobSays = List.of("A", "B", "B", "B", "A", "A");
      for (int i = 0; i < annSays.size(); i++) {
        f.server.enqueue(
            f.task(
                ReviewFixture.pair(
                    "p" + i, "Which is better, " + i + "?", "one " + i, "two " + i)));
      }
      // ann: gold right on 1-3, wrong on 4 (3 / 4 = 75%, flagged below 80%); bob: all four right
      answerAll(f, f.login(ReviewFixture.ANN_TOKEN), annSays, "gold-4");
      answerAll(f, f.login(ReviewFixture.BOB_TOKEN), bobSays, null);
      double kappa = cohen(annSays, bobSays);

      // the router's events for 12 items (buckets of 5: 5, 5, 2): AI share rises, audits are
      // compared
      scriptHandOver(history, hc, 12);

      WebDriverWait wait = signInAsLead(f);

      WebElement annRow = browser.findElement(By.cssSelector("#gold tr[data-reviewer='ann']"));
      WebElement bobRow = browser.findElement(By.cssSelector("#gold tr[data-reviewer='bob']"));
      assertTrue(
          annRow.findElement(By.className("gold-accuracy")).getText().startsWith("75.0%"),
          annRow.getText());
      assertTrue(annRow.getAttribute("class").contains("flagged"), "ann is flagged");
      assertEquals(1, annRow.findElements(By.className("flag")).size());
      assertTrue(bobRow.findElement(By.className("gold-accuracy")).getText().startsWith("100.0%"));
      assertFalse(bobRow.getAttribute("class").contains("flagged"));

      WebElement cohenRow =
          browser.findElement(
              By.cssSelector("#agreement tr[data-measure='PAIRWISE:cohen:ann:bob']"));
      String shown = cohenRow.findElement(By.className("estimate")).getText();
      assertEquals(String.format(Locale.ROOT, "%.3f", kappa), shown, "Cohen's κ of ann and bob");

      WebElement chart = browser.findElement(By.cssSelector("#handover-chart svg"));
      assertEquals(
          3, chart.findElements(By.className("pt-ai")).size(), "one AI-share point per bucket");
      assertEquals(
          3,
          chart.findElements(By.className("pt-agreement")).size(),
          "every bucket has compared pairs");
      assertEquals(
          1, chart.findElements(By.className("band")).size(), "one band over the three points");
      assertTrue(chart.getText().contains("bucket (5 items each)"), chart.getText());

      // p1 (A vs B) and p5 (TIE vs A) wait for a third answer: the lead settles p1 as B
      WebElement p1 = browser.findElement(By.cssSelector("#disagreements [data-task='p1']"));
      assertEquals(2, browser.findElements(By.cssSelector("#disagreements [data-task]")).size());
      p1.findElements(By.tagName("button")).stream()
          .filter(x -> x.getText().equals("B"))
          .findFirst()
          .orElseThrow()
          .click();
      wait.until(
          ExpectedConditions.numberOfElementsToBe(By.cssSelector("#disagreements [data-task]"), 1));
      PairwiseComparison settled = (PairwiseComparison) f.store.find("p1").orElseThrow();
      assertEquals(Outcome.B, settled.outcome());
      assertEquals("lea", settled.provenance().sourceId());
      assertTrue(browser.findElement(By.id("status")).getText().contains("p1"));

      Path shots = Path.of(System.getProperty("align4j.build.directory", "target"), "screenshots");
      Files.createDirectories(shots);
      File png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
      Path shot = shots.resolve("dashboard.png");
      Files.copy(png.toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
      if (Boolean.getBoolean(
          "align4j.updateDocs")) { // only on request: a test run leaves the sources alone
        Path docs = Path.of("docs");
        Files.createDirectories(docs);
        Files.copy(shot, docs.resolve("dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
      }

      // the Japanese strings: the page and the chart are drawn again in Japanese
      new Select(browser.findElement(By.id("lang"))).selectByValue("ja");
      // the strings come from /api/i18n: wait for them
      wait.until(ExpectedConditions.textToBe(By.id("h-handover"), "AI 評価者への引き継ぎ"));
      assertEquals("ログアウト", browser.findElement(By.id("logout")).getText());
      WebElement chartJa = browser.findElement(By.cssSelector("#handover-chart svg"));
      assertTrue(chartJa.getText().contains("バケット (各 5 件)"), chartJa.getText());
      assertEquals(3, chartJa.findElements(By.className("pt-ai")).size());
      assertEquals("ja", browser.findElement(By.tagName("html")).getAttribute("lang"));
    }
  }

  /**
   * The export links on the dashboard: each format's link, followed with the lead's browser session, yields exactly
   * the file {@link ReviewServer#export} writes from Java for that format, and is marked as a download.
   */
  @Test
  void leadExportsTheCollectedFeedbackFromThePage() throws IOException {
    try (ReviewFixture f = new ReviewFixture(dir, b -> b.minSubmitted(1))) {
      List<String> says = List.of("A", "B", "A");
      for (int i = 0; i < says.size(); i++) {
        f.server.enqueue(
            f.task(
                ReviewFixture.pair("p" + i, "Question " + i + " 日本語", "left " + i, "right " + i)));
      }
      answerAll(f, f.login(ReviewFixture.ANN_TOKEN), says, null);
      assertEquals(3, f.store.size(), "three completed items in the store");

      WebDriverWait wait = signInAsLead(f);
      new Select(browser.findElement(By.id("lang"))).selectByValue("en");
      wait.until(ExpectedConditions.textToBe(By.id("h-export"), "Export the collected feedback"));

      Map<String, DataFormat> formats =
          Map.of(
              "trl", DataFormat.TRL_PREFERENCE,
              "openai-dpo", DataFormat.OPENAI_DPO,
              "hh-rlhf", DataFormat.ANTHROPIC_HH,
              "trl-unpaired", DataFormat.TRL_UNPAIRED);
      for (Map.Entry<String, DataFormat> e : formats.entrySet()) {
        WebElement link = browser.findElement(By.id("export-" + e.getKey()));
        assertTrue(link.isDisplayed(), e.getKey());
        assertFalse(link.getText().isBlank(), "the link's label comes from the bundle");
        assertEquals("review-" + e.getKey() + ".jsonl", link.getAttribute("download"));
        @SuppressWarnings("unchecked")
        List<Object> got =
            (List<Object>)
                ((JavascriptExecutor) browser)
                    .executeAsyncScript(
                        "const done = arguments[arguments.length - 1];"
                            + "fetch(arguments[0], {credentials: 'same-origin'})"
                            + ".then(r => r.text().then(t => done([r.status, t])))"
                            + ".catch(x => done([-1, String(x)]));",
                        link.getAttribute("href"));
        Path fromJava = dir.resolve("export-" + e.getKey() + ".jsonl");
        f.server.export(fromJava, e.getValue());
        assertEquals(200L, ((Number) got.get(0)).longValue(), String.valueOf(got.get(1)));
        assertEquals(Files.readString(fromJava), got.get(1), e.getKey());
      }
      // the pairwise exports hold one line per item, with the Japanese prompt intact
      String trl = Files.readString(dir.resolve("export-trl.jsonl"));
      assertEquals(3, trl.lines().count(), trl);
      assertTrue(trl.contains("日本語"), trl);
    }
  }

  /**
   * A ranking and a rubric rating on which ann and bob disagree, settled by the lead through the dashboard's own
   * controls: the ranking reordered with the keyboard (Shift+J / Shift+K on the focused entry, k to move the focus)
   * and an ↓ button, the rating by a Likert choice per criterion. The labels in the store carry the values the test
   * worked out from the moves and the choices, not values read back from the page.
   */
  @Test
  void leadSettlesARankingAndARatingFromTheDashboard() throws IOException {
    String xss = "<img src=x onerror=alert(1)>";
    try (ReviewFixture f = new ReviewFixture(dir, b -> b.minSubmitted(3))) {
      f.server.enqueue(
          f.task(
              FeedbackRequest.ranking(
                  "rank1",
                  Prompt.of("Order these haiku"),
                  List.of(
                      Completion.of("alpha " + xss),
                      Completion.of("beta"),
                      Completion.of("gamma")))));
      f.server.enqueue(
          f.task(
              FeedbackRequest.rating(
                  "rate1", Prompt.of("Explain DNS"), Completion.of(xss), new RatingScale(1, 5))));
      List<String> criteria = Rubric.DEFAULT.criteria();
      // ann: ranking 0 1 2, every score 5; bob: ranking 2 1 0, every score 1
      answerRankingAndRating(f, f.login(ReviewFixture.ANN_TOKEN), List.of(0, 1, 2), 5, criteria);
      answerRankingAndRating(f, f.login(ReviewFixture.BOB_TOKEN), List.of(2, 1, 0), 1, criteria);

      WebDriverWait wait = signInAsLead(f);
      assertEquals(2, browser.findElements(By.cssSelector("#disagreements [data-task]")).size());
      // the candidates' text is text: the payload shows, no element is made
      assertTrue(
          browser
              .findElement(By.cssSelector("[data-task='rank1'] li[data-index='0']"))
              .getText()
              .contains("alpha " + xss));
      assertTrue(
          browser.findElement(By.cssSelector("[data-task='rate1']")).getText().contains(xss));
      assertEquals(0, browser.findElements(By.cssSelector("#disagreements img")).size());

      // the ranking, starting from the request's order 0 1 2: the moves and their expected effect
      List<Integer> expected = new ArrayList<>(List.of(0, 1, 2));
      int cursor = 0;
      rankEntry(0).click(); // focuses the entry of candidate 0, first place
      new Actions(browser).sendKeys("J").perform(); // candidate 0 down one place
      Collections.swap(expected, cursor, cursor + 1);
      cursor++;
      new Actions(browser).sendKeys("J").perform(); // and once more
      Collections.swap(expected, cursor, cursor + 1);
      cursor++;
      new Actions(browser).sendKeys("k").perform(); // the focus up one entry
      cursor--;
      new Actions(browser).sendKeys("K").perform(); // that entry up one place
      Collections.swap(expected, cursor, cursor - 1);
      assertEquals(expected, shownRanking());
      // the ↓ button of the first entry
      browser
          .findElements(By.cssSelector("[data-task='rank1'] .ranking li"))
          .get(0)
          .findElement(By.className("move-down"))
          .click();
      Collections.swap(expected, 0, 1);
      assertEquals(expected, shownRanking());
      assertEquals(List.of(1, 2, 0), expected, "the moves worked out by hand");
      browser.findElement(By.cssSelector("[data-task='rank1'] button.settle")).click();
      wait.until(
          ExpectedConditions.numberOfElementsToBe(By.cssSelector("#disagreements [data-task]"), 1));
      Ranking ranking = (Ranking) f.store.find("rank1").orElseThrow();
      assertEquals(expected, ranking.order());
      assertEquals("lea", ranking.provenance().sourceId());

      // the rating: one Likert choice per criterion; settling before every criterion has one is
      // refused
      Map<String, Integer> scores =
          Map.of("helpfulness", 4, "correctness", 2, "safety", 5, "concision", 3);
      for (String c : criteria.subList(0, criteria.size() - 1)) {
        likert(c, scores.get(c)).click();
      }
      likert(criteria.get(0), 1).click();
      likert(criteria.get(0), scores.get(criteria.get(0)))
          .click(); // a second choice replaces the first
      assertEquals(
          "true",
          likert(criteria.get(0), scores.get(criteria.get(0))).getAttribute("aria-pressed"));
      assertEquals("false", likert(criteria.get(0), 1).getAttribute("aria-pressed"));
      browser.findElement(By.cssSelector("[data-task='rate1'] button.settle")).click();
      wait.until(
          ExpectedConditions.textToBe(
              By.id("status"), "Choose a score for every criterion first."));
      assertFalse(f.store.contains("rate1"));
      String last = criteria.get(criteria.size() - 1);
      likert(last, scores.get(last)).click();
      Path shots = Path.of(System.getProperty("align4j.build.directory", "target"), "screenshots");
      Files.createDirectories(shots);
      Files.copy(
          ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(),
          shots.resolve("dashboard-adjudication.png"),
          StandardCopyOption.REPLACE_EXISTING);
      browser.findElement(By.cssSelector("[data-task='rate1'] button.settle")).click();
      wait.until(
          ExpectedConditions.numberOfElementsToBe(By.cssSelector("#disagreements [data-task]"), 0));
      Rating rating = (Rating) f.store.find("rate1").orElseThrow();
      double mean = scores.values().stream().mapToInt(Integer::intValue).average().orElseThrow();
      assertEquals((4 + 2 + 5 + 3) / 4.0, mean, 0.0);
      assertEquals(mean, rating.value(), 1e-12);
      for (String c : criteria) {
        assertEquals(
            scores.get(c) + ".0", rating.provenance().attributes().get("criterion." + c), c);
      }
      assertEquals("lea", rating.provenance().sourceId());
    }
  }

  /**
   * An agent trace (a binary item with two assistant turns) on which ann and bob disagree, settled by the lead with a
   * rating per step and the verdict: rating only one step is refused on the page, both are stored with the verdict.
   */
  @Test
  void leadSettlesAnAgentTraceWithAStepRatingEach() {
    Prompt trace =
        Prompt.of(
            Message.user("Find the cheapest flight to Osaka"),
            Message.assistant("search(KIX)"),
            Message.user("tool: JL1 30000 yen, MM9 9000 yen"),
            Message.assistant("book(JL1)"),
            Message.user("tool: booked JL1"));
    try (ReviewFixture f = new ReviewFixture(dir, b -> b.minSubmitted(3))) {
      f.server.enqueue(
          f.task(FeedbackRequest.binary("trace1", trace, Completion.of("Booked JL1."))));
      for (String token : List.of(ReviewFixture.ANN_TOKEN, ReviewFixture.BOB_TOKEN)) {
        ReviewFixture.Login who = f.login(token);
        JsonNode t = f.next(who);
        boolean good = token.equals(ReviewFixture.ANN_TOKEN);
        String body =
            "{\"taskId\":\"trace1\",\"order\":"
                + t.get("order")
                + ",\"answer\":{\"desirable\":"
                + good
                + "}}";
        assertEquals(200, f.post("/api/submissions", body, who).statusCode());
      }
      WebDriverWait wait = signInAsLead(f);
      WebElement box = browser.findElement(By.cssSelector("#disagreements [data-task='trace1']"));
      assertTrue(box.getText().contains("book(JL1)"), box.getText());
      assertTrue(box.getText().contains("Booked JL1."), "the final answer");
      assertEquals(2, box.findElements(By.cssSelector(".step-rating")).size(), "one row per step");
      stepButton(0, 4).click();
      WebElement bad =
          box.findElements(By.tagName("button")).stream()
              .filter(x -> x.getText().equals("Bad"))
              .findFirst()
              .orElseThrow();
      bad.click();
      wait.until(ExpectedConditions.textToBe(By.id("status"), "Rate every step, or none."));
      assertFalse(f.store.contains("trace1"));
      stepButton(1, 1).click();
      bad.click();
      wait.until(
          ExpectedConditions.numberOfElementsToBe(By.cssSelector("#disagreements [data-task]"), 0));
      BinaryLabel label = (BinaryLabel) f.store.find("trace1").orElseThrow();
      assertFalse(label.desirable());
      assertEquals("4", label.provenance().attributes().get("step.0.rating"));
      assertEquals("1", label.provenance().attributes().get("step.1.rating"));
      assertEquals("lea", label.provenance().sourceId());
    }
  }

  private static WebElement stepButton(int step, int value) {
    return browser.findElement(
        By.cssSelector(
            "[data-task='trace1'] .step-rating[data-step='"
                + step
                + "'] button[data-value='"
                + value
                + "']"));
  }

  private static WebElement rankEntry(int candidate) {
    return browser.findElement(
        By.cssSelector("[data-task='rank1'] .ranking li[data-index='" + candidate + "']"));
  }

  private static List<Integer> shownRanking() {
    List<Integer> out = new ArrayList<>();
    for (WebElement li : browser.findElements(By.cssSelector("[data-task='rank1'] .ranking li"))) {
      out.add(Integer.parseInt(li.getAttribute("data-index")));
    }
    return out;
  }

  private static WebElement likert(String criterion, int value) {
    return browser.findElement(
        By.cssSelector(
            "[data-task='rate1'] [data-criterion='"
                + criterion
                + "'] button[data-value='"
                + value
                + "']"));
  }

  /** Answers ann's or bob's two tasks: the ranking as given, every criterion of the rating with {@code score}. */
  private static void answerRankingAndRating(
      ReviewFixture f,
      ReviewFixture.Login who,
      List<Integer> ranking,
      int score,
      List<String> criteria) {
    for (int i = 0; i < 2; i++) {
      JsonNode t = f.next(who);
      String answer;
      if (t.get("kind").asText().equals("RANKING")) {
        answer = "{\"ranking\":" + ranking + "}";
      } else {
        StringBuilder b = new StringBuilder("{\"scores\":{");
        for (String c : criteria) {
          b.append(b.charAt(b.length() - 1) == '{' ? "" : ",")
              .append('"')
              .append(c)
              .append("\":")
              .append(score);
        }
        answer = b.append("}}").toString();
      }
      String body =
          "{\"taskId\":"
              + t.get("taskId")
              + ",\"order\":"
              + t.get("order")
              + ",\"answer\":"
              + answer
              + "}";
      HttpResponse<String> ack = f.post("/api/submissions", body, who);
      assertEquals(200, ack.statusCode(), ack.body());
    }
  }

  /** Answers every task the reviewer gets: gold with A (B on {@code wrongGold}), real items from {@code says}. */
  private static void answerAll(
      ReviewFixture f, ReviewFixture.Login who, List<String> says, String wrongGold) {
    while (true) {
      HttpResponse<String> r = f.get("/api/tasks/next", who);
      if (r.statusCode() == 204) {
        return;
      }
      JsonNode t = ReviewFixture.json(r);
      String id = t.get("taskId").asText();
      String outcome =
          id.startsWith("gold-")
              ? (id.equals(wrongGold) ? "B" : "A")
              : says.get(Integer.parseInt(id.substring(1)));
      HttpResponse<String> ack =
          f.post("/api/submissions", ReviewFixture.pairwiseAnswer(t, outcome), who);
      assertEquals(200, ack.statusCode(), ack.body());
    }
  }

  /**
   * Item i: the first five all go to people (uncalibrated, the AI right on four), then more and more AI-only items
   * with an audit in each bucket.
   */
  private static void scriptHandOver(HandOverHistory h, ManualClock clock, int items) {
    Map<Integer, String> route =
        Map.ofEntries(
            Map.entry(5, "AUDIT"),
            Map.entry(6, "UNCALIBRATED"),
            Map.entry(9, "UNCALIBRATED"),
            Map.entry(11, "AUDIT"));
    for (int i = 0; i < items; i++) {
      String id = "h" + i;
      FeedbackRequest r = ReviewFixture.pair(id, "Routed " + i, "x " + i, "y " + i);
      Feedback ai = HandOverScript.labelOf(r, Outcome.A, Provenance.ai("judge", null, T0));
      h.onEvent(new FeedbackEvent.LabelSubmitted(id, ai, T0));
      String reason = i < 5 ? "UNCALIBRATED" : route.get(i);
      clock.advance(Duration.ofMinutes(3));
      if (reason == null) {
        h.onEvent(new FeedbackEvent.ItemCompleted(id, ai, "AI_ONLY", T0));
        continue;
      }
      h.onEvent(new FeedbackEvent.RoutedToHuman(id, reason, T0));
      Feedback human =
          HandOverScript.labelOf(r, i == 2 ? Outcome.B : Outcome.A, Provenance.human("ann", T0));
      h.onEvent(new FeedbackEvent.LabelSubmitted(id, human, T0));
      h.onEvent(
          new FeedbackEvent.ItemCompleted(
              id, human, reason.equals("AUDIT") ? "BOTH" : "HUMAN", T0));
    }
  }
}
