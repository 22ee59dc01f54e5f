package dev.align4j.review.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.label.BinaryLabel;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Presentation;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.label.Ranking;
import dev.align4j.core.label.Rating;
import dev.align4j.core.label.RatingScale;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Message;
import dev.align4j.core.text.Prompt;
import dev.align4j.feedback.route.ReviewTask;
import dev.align4j.feedback.route.RoutingReason;
import dev.align4j.feedback.store.FeedbackStore;
import dev.align4j.review.ReviewServer;
import dev.align4j.review.Reviewer;
import dev.align4j.review.ReviewerRole;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/**
 * The reviewer page in headless Chromium against a real {@link ReviewServer} on loopback: every answer given in the
 * browser is read back from the {@link FeedbackStore} (the label, and the order the page showed). One browser for
 * the class; each test has its own server and store (its own port, so its own cookies and local storage).
 */
class ReviewPageBrowserTest extends BrowserTestSupport {
  private static final String ANN_TOKEN = "ann-token-0123456789abcdef";
  private static final String BOB_TOKEN = "bob-token-0123456789abcdef";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final RatingScale LIKERT = new RatingScale(1, 5);

  @TempDir Path dir;

  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private FeedbackStore store;
  private ReviewServer server;
  private String base;

  @AfterEach
  void close() {
    try {
      if (server != null) {
        server.close();
      }
      if (store != null) {
        store.close();
      }
    } finally {
      executor.shutdownNow();
    }
  }

  private void serve(Consumer<ReviewServer.Builder> config, ReviewTask... tasks) {
    store = FeedbackStore.open(dir.resolve("feedback.jsonl"));
    ReviewServer.Builder b =
        ReviewServer.builder()
            .store(store)
            .executor(executor)
            .random(new SplittableRandom(3))
            .guideline("Prefer the response that answers the question correctly and briefly.")
            .reviewer(Reviewer.of("ann", ReviewerRole.REVIEWER, ANN_TOKEN));
    config.accept(b);
    server = b.build();
    for (ReviewTask t : tasks) {
      server.enqueue(t);
    }
    InetSocketAddress a = server.start();
    base = "http://" + a.getHostString() + ":" + a.getPort();
  }

  private static ReviewTask task(FeedbackRequest r) {
    return new ReviewTask(r, RoutingReason.CATEGORY, null, Instant.now());
  }

  private static FeedbackRequest pair(String id, String prompt, String a, String b) {
    return FeedbackRequest.pairwise(id, Prompt.of(prompt), Completion.of(a), Completion.of(b));
  }

  /** Opens the page, signs in with the form and waits for the first task. */
  private void login(String firstTask) {
    browser().get(base + "/");
    visible("#token").sendKeys(ANN_TOKEN);
    screenshot("login");
    visible("#login-submit").click();
    awaitTask(firstTask);
  }

  private static void awaitTask(String id) {
    await(d -> id.equals(d.findElement(By.id("task")).getAttribute("data-task-id")) ? true : null);
  }

  private static void awaitProgress(String text) {
    await(d -> d.findElement(By.id("progress")).getText().equals(text) ? true : null);
  }

  /** Sends keys to the page itself, nothing focused. */
  private static void keys(CharSequence... keys) {
    script("if (document.activeElement) document.activeElement.blur();");
    new Actions(browser()).sendKeys(keys).perform();
  }

  /** The candidate indices in the order the page shows them. */
  private static List<Integer> shownOrder(String css) {
    List<Integer> out = new ArrayList<>();
    for (WebElement e : browser().findElements(By.cssSelector(css))) {
      out.add(Integer.parseInt(e.getAttribute("data-index")));
    }
    return out;
  }

  private Feedback stored(String id) {
    return await(d -> store.find(id).orElse(null));
  }

  private static String join(List<Integer> order) {
    StringBuilder b = new StringBuilder();
    for (int i : order) {
      b.append(b.length() == 0 ? "" : ",").append(i);
    }
    return b.toString();
  }

  @Test
  void comparesOnePairByClickAndAnotherByKeyboardAndShowsProgress() {
    serve(
        b -> {},
        task(pair("p1", "Capital of France?", "Paris.", "It is **Lyon**, surely.")),
        task(pair("p2", "2 + 2?", "```\n4\n```", "Five.")));
    login("p1");
    awaitProgress("0 of 2 today");
    List<Integer> shown1 = shownOrder("#body .response");
    assertEquals("Lyon", browser().findElement(By.cssSelector(".response strong")).getText());
    // Paris (candidate 0) is the better one, wherever it is shown
    visible(shown1.get(0) == 0 ? "[data-outcome=LEFT]" : "[data-outcome=RIGHT]").click();
    visible("[data-strength='2']").click();
    visible("#rationale").sendKeys("Paris is right");
    screenshot("pairwise");
    visible("#submit").click();
    awaitTask("p2");
    awaitProgress("1 of 2 today");

    PairwiseComparison first = (PairwiseComparison) stored("p1");
    assertEquals(Outcome.A, first.outcome());
    assertEquals(2.0, first.strength());
    assertEquals("Paris is right", first.provenance().attributes().get("rationale"));
    assertEquals(join(shown1), first.provenance().attributes().get("presentation_order"));
    assertEquals(
        shown1.get(0) == 0 ? Presentation.A_FIRST : Presentation.B_FIRST, first.presentation());
    assertEquals("false", first.provenance().attributes().get("ai_suggestion_shown"));
    assertEquals("ann", first.provenance().sourceId());

    List<Integer> shown2 = shownOrder("#body .response");
    assertEquals(
        1, browser().findElements(By.cssSelector(".response pre code")).size(), "a fenced block");
    keys("2");
    keys(Keys.ENTER);
    visible("#empty");
    PairwiseComparison second = (PairwiseComparison) stored("p2");
    assertEquals(shown2.get(1) == 0 ? Outcome.A : Outcome.B, second.outcome(), "2 = the right one");
    assertEquals(join(shown2), second.provenance().attributes().get("presentation_order"));
    awaitProgress("2 of 2 today");
  }

  @Test
  void uTakesBackTheLastAnswerWhileTheItemWaitsForAnotherReviewer() throws Exception {
    serve(
        b -> b.minSubmitted(2).reviewer(Reviewer.of("bob", ReviewerRole.REVIEWER, BOB_TOKEN)),
        task(pair("u1", "Capital of Japan?", "Tokyo.", "Kyoto.")),
        task(pair("u2", "Capital of Italy?", "Rome.", "Milan.")));
    login("u1");
    List<Integer> shown = shownOrder("#body .response");
    keys(shown.get(0) == 1 ? "1" : "2"); // Kyoto
    keys(Keys.ENTER);
    awaitTask("u2");
    keys("u");
    awaitTask("u1");
    assertEquals("Your last answer was taken back.", visible("#status").getText());
    awaitProgress("0 of 2 today");
    // answer the pair again, the other way round: candidate 0 (Tokyo) wins
    shown = shownOrder("#body .response");
    keys(shown.get(0) == 0 ? "1" : "2");
    keys(Keys.ENTER);
    awaitTask("u2");
    // bob agrees with the second answer; had the undo failed, ann's first answer would stand and
    // the vote split
    HttpClient http = HttpClient.newHttpClient();
    String cookie = bobLogin(http);
    HttpResponse<String> next =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/tasks/next"))
                .header("Cookie", cookie)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, next.statusCode());
    assertTrue(next.body().contains("\"u1\""), next.body());
    String order = JSON.readTree(next.body()).get("order").toString();
    HttpResponse<String> sent =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/submissions"))
                .header("Cookie", cookie)
                .header("Content-Type", "application/json")
                .header("X-CSRF-Token", bobCsrf)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"taskId\":\"u1\",\"order\":"
                            + order
                            + ",\"answer\":{\"outcome\":\"A\"}}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, sent.statusCode(), sent.body());
    PairwiseComparison label = (PairwiseComparison) stored("u1");
    assertEquals(Outcome.A, label.outcome(), "both reviewers chose Tokyo: " + label);
  }

  private String bobCsrf;

  private String bobLogin(HttpClient http) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + BOB_TOKEN + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    bobCsrf = JSON.readTree(r.body()).get("csrfToken").asText();
    String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  @Test
  void ranksThreeResponsesByKeyboardAndDrag() {
    serve(
        b -> {},
        task(
            FeedbackRequest.ranking(
                "r1",
                Prompt.of("A haiku about autumn?"),
                List.of(
                    Completion.of("leaves fall"),
                    Completion.of("cold wind"),
                    Completion.of("red moon")))));
    login("r1");
    List<Integer> shown = shownOrder("#ranking li");
    // Shift+J moves the first item down one place: [s1, s0, s2]
    browser().findElements(By.cssSelector("#ranking li")).get(0).click();
    new Actions(browser()).sendKeys("J").perform();
    List<Integer> expected = new ArrayList<>(List.of(shown.get(1), shown.get(0), shown.get(2)));
    assertEquals(expected, shownOrder("#ranking li"));
    // drag the last item onto the first place: [s2, s1, s0] (HTML drag events, as a mouse drag
    // fires them)
    script(
        "const items = document.querySelectorAll('#ranking li');"
            + "const dt = new DataTransfer();"
            + "items[2].dispatchEvent(new DragEvent('dragstart', {dataTransfer: dt, bubbles: true}));"
            + "items[0].dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true}));");
    expected = List.of(shown.get(2), shown.get(1), shown.get(0));
    assertEquals(expected, shownOrder("#ranking li"));
    assertEquals("#1", browser().findElement(By.cssSelector("#ranking li .pos")).getText());
    screenshot("ranking");
    visible("#submit").click();
    visible("#empty");
    Ranking r = (Ranking) stored("r1");
    assertEquals(expected, r.order());
    assertEquals(join(shown), r.provenance().attributes().get("presentation_order"));
  }

  @Test
  void ratesAgainstTheRubricWithTheKeyboard() {
    serve(
        b -> {},
        task(
            FeedbackRequest.rating(
                "t1", Prompt.of("Explain DNS"), Completion.of("It maps names to IPs."), LIKERT)));
    login("t1");
    assertEquals(
        4,
        browser().findElements(By.cssSelector("#body .row")).size(),
        "one row per rubric criterion");
    assertTrue(visible("#body .response").getText().contains("It maps names to IPs."));
    keys(Keys.ENTER);
    assertEquals("Answer every part before submitting.", visible("#status").getText());
    keys("4", "j", "5", "j", "5", "j", "2");
    screenshot("rating");
    keys(Keys.ENTER);
    visible("#empty");
    Rating r = (Rating) stored("t1");
    assertEquals((4 + 5 + 5 + 2) / 4.0, r.value(), 1e-12);
    Map<String, String> attrs = r.provenance().attributes();
    assertEquals("4.0", attrs.get("criterion.helpfulness"));
    assertEquals("2.0", attrs.get("criterion.concision"));
  }

  @Test
  void reviewsAThreeStepAgentTraceStepByStep() {
    Prompt trace =
        Prompt.of(
            Message.user("Book a flight to Osaka next Friday"),
            Message.assistant("search_flights(dest=KIX, date=Fri)"),
            Message.user("tool: 3 flights: JL123, NH45, MM9"),
            Message.assistant("compare_prices(JL123, NH45, MM9)"),
            Message.user("tool: MM9 cheapest"),
            Message.assistant("book(JL123)"),
            Message.user("tool: booked JL123"));
    serve(b -> {}, task(FeedbackRequest.binary("trace1", trace, Completion.of("Booked JL123."))));
    login("trace1");
    assertEquals(3, browser().findElements(By.cssSelector("#body .step .row")).size());
    keys("4", "j", "3", "j", "1");
    browser()
        .findElements(By.cssSelector("#body .step"))
        .get(2)
        .findElement(By.cssSelector("input[data-tag=unconfirmed-action]"))
        .click();
    browser()
        .findElements(By.cssSelector("#body .step"))
        .get(2)
        .findElement(By.cssSelector("input[data-tag=wrong-tool]"))
        .click();
    keys("j", "2");
    visible("#rationale").sendKeys("booked the dearer flight without asking");
    screenshot("trace");
    keys(Keys.ENTER);
    visible("#empty");
    BinaryLabel verdict = (BinaryLabel) stored("trace1");
    assertFalse(verdict.desirable());
    Map<String, String> attrs = verdict.provenance().attributes();
    assertEquals("4", attrs.get("step.0.rating"));
    assertEquals("3", attrs.get("step.1.rating"));
    assertEquals("1", attrs.get("step.2.rating"));
    assertEquals("", attrs.get("step.0.tags"));
    assertEquals("unconfirmed-action,wrong-tool", attrs.get("step.2.tags"));
    assertEquals("booked the dearer flight without asking", attrs.get("rationale"));
  }

  /** The tab's sessionStorage as one JSON string. */
  private static String sessionStorage() {
    return (String) script("return JSON.stringify(Object.assign({}, window.sessionStorage));");
  }

  /** The session's CSRF token, read from the API the way the page reads it after a reload. */
  private static String csrfToken() {
    return (String)
        browser()
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "fetch('/api/session', {credentials: 'same-origin'}).then(r => r.json())"
                    + ".then(s => done(s.csrfToken), e => done(String(e)));");
  }

  @Test
  void anUnsentAnswerSurvivesAReloadOfTheSameTaskAndGoesOnSubmitAndSignOut() {
    serve(
        b -> {},
        task(pair("d1", "Capital of France?", "Paris.", "Lyon.")),
        task(
            FeedbackRequest.rating(
                "d2", Prompt.of("Explain DNS"), Completion.of("It maps names to IPs."), LIKERT)));
    login("d1");
    List<Integer> shown = shownOrder("#body .response");
    String paris = shown.get(0) == 0 ? "LEFT" : "RIGHT";
    visible("[data-outcome=" + paris + "]").click();
    visible("[data-strength='1']").click();
    visible("#rationale").sendKeys("Paris is the capital");
    String stored = sessionStorage();
    assertTrue(stored.contains("Paris is the capital"), stored);
    // never a secret in the draft
    String csrf = csrfToken();
    assertTrue(csrf.length() >= 32, csrf);
    assertFalse(stored.contains(csrf), "the CSRF token is not stored");
    assertFalse(stored.contains(ANN_TOKEN), "the login token is not stored");

    browser().navigate().refresh();
    awaitTask("d1");
    assertEquals(shown, shownOrder("#body .response"), "the same assignment comes back");
    assertEquals("Your unsent answer to this task was restored.", visible("#status").getText());
    assertTrue(visible("[data-outcome=" + paris + "]").getAttribute("class").contains("selected"));
    assertTrue(visible("[data-strength='1']").getAttribute("class").contains("selected"));
    assertEquals("Paris is the capital", visible("#rationale").getAttribute("value"));
    keys(Keys.ENTER);
    awaitTask("d2");
    PairwiseComparison first = (PairwiseComparison) stored("d1");
    assertEquals(Outcome.A, first.outcome(), "Paris is candidate 0");
    assertEquals(1.0, first.strength());
    assertEquals("Paris is the capital", first.provenance().attributes().get("rationale"));
    assertEquals(join(shown), first.provenance().attributes().get("presentation_order"));
    assertFalse(
        sessionStorage().contains("d1"), "submitting clears the draft: " + sessionStorage());

    // the rating: two scores, a reload, the rest, submit
    keys("4", "j", "2");
    browser().navigate().refresh();
    awaitTask("d2");
    assertEquals("Your unsent answer to this task was restored.", visible("#status").getText());
    assertEquals(
        List.of("4", "2"),
        browser().findElements(By.cssSelector("#body .row button.selected")).stream()
            .map(e -> e.getAttribute("data-value"))
            .toList());
    // a draft for another assignment of the task (another order) is not put back
    script(
        "const k = Object.keys(sessionStorage).find(x => x.endsWith('.d2'));"
            + "const d = JSON.parse(sessionStorage.getItem(k)); d.order = [1];"
            + "sessionStorage.setItem(k, JSON.stringify(d));");
    browser().navigate().refresh();
    awaitTask("d2");
    assertEquals(0, browser().findElements(By.cssSelector("#body .row button.selected")).size());
    keys("4", "j", "2");
    // signing out clears every draft of the tab; signing in again starts the task afresh
    visible("#logout").click();
    visible("#token");
    assertEquals("{}", sessionStorage());
    visible("#token").sendKeys(ANN_TOKEN);
    visible("#login-submit").click();
    awaitTask("d2");
    visible("#work"); // the task drawn anew (the signed-out page kept the old one, hidden)
    assertEquals(0, browser().findElements(By.cssSelector("#body .row button.selected")).size());
    keys("3", "j", "5", "j", "4", "j", "1");
    browser().navigate().refresh();
    awaitTask("d2");
    keys(Keys.ENTER);
    visible("#empty");
    Rating r = (Rating) stored("d2");
    assertEquals((3 + 5 + 4 + 1) / 4.0, r.value(), 1e-12);
    assertEquals("3.0", r.provenance().attributes().get("criterion.helpfulness"));
    assertEquals("1.0", r.provenance().attributes().get("criterion.concision"));
    assertEquals("{}", sessionStorage());
  }

  @Test
  void aRankingOrderAndAnAgentTracesStepRatingsAndTagsSurviveAReload() {
    Prompt trace =
        Prompt.of(
            Message.user("Book a table for two"),
            Message.assistant("search(restaurants)"),
            Message.user("tool: Kura, Sora"),
            Message.assistant("book(Kura)"),
            Message.user("tool: booked"));
    serve(
        b -> {},
        task(
            FeedbackRequest.ranking(
                "dr",
                Prompt.of("A haiku?"),
                List.of(Completion.of("one"), Completion.of("two"), Completion.of("three")))),
        task(FeedbackRequest.binary("dt", trace, Completion.of("Booked Kura."))));
    login("dr");
    List<Integer> shown = shownOrder("#ranking li");
    browser().findElements(By.cssSelector("#ranking li")).get(0).click();
    new Actions(browser()).sendKeys("J").perform();
    List<Integer> expected = List.of(shown.get(1), shown.get(0), shown.get(2));
    assertEquals(expected, shownOrder("#ranking li"));
    browser().navigate().refresh();
    awaitTask("dr");
    assertEquals(expected, shownOrder("#ranking li"), "the order restored");
    visible("#submit").click();
    awaitTask("dt");
    assertEquals(expected, ((Ranking) stored("dr")).order());

    keys("4", "j", "2");
    browser()
        .findElements(By.cssSelector("#body .step"))
        .get(1)
        .findElement(By.cssSelector("input[data-tag=unconfirmed-action]"))
        .click();
    browser().navigate().refresh();
    awaitTask("dt");
    assertEquals("Your unsent answer to this task was restored.", visible("#status").getText());
    assertEquals(
        List.of("4", "2"),
        browser().findElements(By.cssSelector("#body .step .row button.selected")).stream()
            .map(e -> e.getAttribute("data-value"))
            .toList());
    assertTrue(
        browser()
            .findElements(By.cssSelector("#body .step"))
            .get(1)
            .findElement(By.cssSelector("input[data-tag=unconfirmed-action]"))
            .isSelected());
    keys("j", "j", "2"); // the verdict row: bad
    keys(Keys.ENTER);
    visible("#empty");
    BinaryLabel verdict = (BinaryLabel) stored("dt");
    assertFalse(verdict.desirable());
    assertEquals("4", verdict.provenance().attributes().get("step.0.rating"));
    assertEquals("2", verdict.provenance().attributes().get("step.1.rating"));
    assertEquals("unconfirmed-action", verdict.provenance().attributes().get("step.1.tags"));
  }

  @Test
  void switchesToJapaneseAndRemembersIt() {
    serve(
        b -> {},
        task(pair("ja1", "日本の首都は？", "東京です。", "大阪だと思います。")),
        task(FeedbackRequest.binary("ja2", Prompt.of("挨拶して"), Completion.of("こんにちは！"))));
    login("ja1");
    new Select(visible("#lang")).selectByValue("ja");
    await(d -> d.findElement(By.id("submit")).getText().equals("送信") ? true : null);
    assertEquals("左が良い", visible("[data-outcome=LEFT]").getText().substring(1));
    assertEquals("二つの応答を比較", visible("#task-title").getText());
    assertTrue(visible("#body .pair").getText().contains("東京です。"));
    assertTrue(visible("#prompt").getText().contains("日本の首都は？"));
    awaitProgress("本日 0 / 2 件");
    screenshot("pairwise-ja");
    keys("3");
    keys(Keys.ENTER);
    awaitTask("ja2");
    // a reload keeps the language (local storage) and the session (cookie)
    browser().navigate().refresh();
    awaitTask("ja2");
    await(d -> d.findElement(By.id("task-title")).getText().equals("この応答は良いですか？") ? true : null);
    assertTrue(visible("#body .response").getText().contains("こんにちは！"));
    assertEquals("良い", visible("#body .row button[data-value=true]").getText().substring(1));
    assertEquals(Outcome.TIE, ((PairwiseComparison) stored("ja1")).outcome());
  }

  @Test
  void anXssPayloadIsShownAsTextAndTheAiSuggestionOnlyOnRequest() {
    String script = "<script>alert('x')</script>";
    String img = "<img src=x onerror=alert(1)>";
    PairwiseComparison judge =
        new PairwiseComparison(
            Prompt.of("q"),
            Completion.of("a"),
            Completion.of("b"),
            Outcome.B,
            0.2,
            null,
            Presentation.BOTH_ORDERS,
            Provenance.ai("judge-model", null, Instant.EPOCH));
    serve(
        b -> b.showAiSuggestions(true),
        new ReviewTask(
            pair("x1", "Say " + script, script + " hello", "*" + img + "* `" + img + "`"),
            RoutingReason.AUDIT,
            judge,
            Instant.now()));
    login("x1");
    String text = visible("#body .pair").getText();
    assertTrue(text.contains(script + " hello"), text);
    assertTrue(text.contains(img), text);
    assertTrue(visible("#prompt").getText().contains("Say " + script));
    assertEquals(0, browser().findElements(By.cssSelector("#task img, #task script")).size());
    assertThrows(NoAlertPresentException.class, () -> browser().switchTo().alert());
    assertFalse(browser().findElement(By.id("ai-box")).isDisplayed(), "hidden by default");
    visible("#ai-show").click();
    // the judge chose B, the request's candidate 1: the suggestion names the side it is shown on
    String side = shownOrder("#body .response").get(0) == 1 ? "Left is better" : "Right is better";
    assertTrue(visible("#ai-box").getText().endsWith(side), visible("#ai-box").getText());
    screenshot("xss-and-ai-suggestion");
    keys("4");
    keys(Keys.ENTER);
    visible("#empty");
    assertThrows(NoAlertPresentException.class, () -> browser().switchTo().alert());
    Feedback f = stored("x1");
    assertEquals("true", f.provenance().attributes().get("ai_suggestion_shown"));
    assertEquals(Outcome.BOTH_BAD, ((PairwiseComparison) f).outcome());
  }

  @Test
  void aWriteWithoutTheCsrfTokenOrWithoutASessionIsRefused() {
    serve(b -> {}, task(pair("c1", "q", "a", "b")));
    login("c1");
    String post =
        "const done = arguments[arguments.length - 1];"
            + "const headers = {'Content-Type': 'application/json'};"
            + "if (arguments[0]) headers['X-CSRF-Token'] = arguments[0];"
            + "fetch('/api/submissions', {method: 'POST', credentials: 'same-origin', headers,"
            + " body: JSON.stringify({taskId: 'c1', order: [0, 1], answer: {outcome: 'A'}})})"
            + ".then(r => done(r.status), e => done(String(e)));";
    assertEquals(403L, browser().executeAsyncScript(post, ""));
    assertEquals(403L, browser().executeAsyncScript(post, "not-the-session-token"));
    visible("#logout").click();
    visible("#token");
    assertEquals(401L, browser().executeAsyncScript(post, "not-the-session-token"));
    assertFalse(store.contains("c1"));
    assertTrue(server.answer("c1").isEmpty());
  }
}
