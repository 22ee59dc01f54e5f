package dev.align4j.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page's English and Japanese UI strings: the same keys, every key the page uses, served by /api/i18n. */
class ReviewPageStringsTest {
  @TempDir Path dir;

  private static Set<String> keys(Properties p) {
    return new TreeSet<>(p.stringPropertyNames());
  }

  @Test
  void theEnglishAndJapaneseBundlesHaveTheSameKeysAndNoEmptyValue() {
    Properties en = ReviewApi.bundle("en");
    Properties ja = ReviewApi.bundle("ja");
    assertTrue(en.size() > 50, "the English bundle is read: " + en.size());
    assertEquals(keys(en), keys(ja));
    for (String k : keys(en)) {
      assertTrue(!en.getProperty(k).isBlank() && !ja.getProperty(k).isBlank(), k);
    }
    // read as UTF-8, not ISO-8859-1
    assertEquals("送信", ja.getProperty("submit"));
  }

  /**
   * The keys the reviewer page or the lead's dashboard use: {@code data-i18n} attributes in the HTML, literal keys
   * in {@code t('…')} calls, every other key-shaped string literal in the scripts (keys picked by a condition, such
   * as {@code 'error.incomplete'}), and the keys the scripts build from data (task kinds, tags, rubric criteria).
   */
  private static Set<String> keysThePagesUse() throws IOException {
    Set<String> used = new TreeSet<>();
    Pattern attribute = Pattern.compile("data-i18n=\"([^\"]+)\"");
    Pattern call = Pattern.compile("\\bt\\('([^']+)'\\s*[,)]");
    Pattern literal = Pattern.compile("'([a-z][a-zA-Z]*(?:\\.[a-zA-Z0-9-]+)+)'");
    for (String html : new String[] {"index.html", "dashboard.html"}) {
      collect(page(html), attribute, used);
    }
    for (String script : new String[] {"review.js", "dashboard.js"}) {
      String js = page(script);
      collect(js, call, used);
      Set<String> literals = new TreeSet<>();
      collect(js, literal, literals);
      literals.removeIf(k -> k.startsWith("align4j.")); // storage keys, not strings
      used.addAll(literals);
    }
    Matcher tags = Pattern.compile("const TAGS = \\[([^\\]]*)\\]").matcher(page("review.js"));
    assertTrue(tags.find());
    for (String tag : tags.group(1).replace("'", "").split(",\\s*")) {
      used.add("tag." + tag.trim());
    }
    for (String kind : new String[] {"PAIRWISE", "RANKING", "RATING", "BINARY", "TRACE"}) {
      used.add("kind." + kind);
    }
    for (String c : Rubric.DEFAULT.criteria()) {
      used.add("criterion." + c);
    }
    return used;
  }

  @Test
  void everyKeyEitherPageUsesIsInBothBundles() throws IOException {
    Set<String> used = keysThePagesUse();
    assertTrue(used.size() > 100, used.toString());
    // both pages are scanned: the dashboard's own keys and the reviewer page's
    assertTrue(
        used.containsAll(
            Set.of("dashboard.title", "dashboard.settleRanking", "submit", "draft.restored")));
    for (String lang : new String[] {"en", "ja"}) {
      Set<String> missing = new TreeSet<>(used);
      missing.removeAll(keys(ReviewApi.bundle(lang)));
      assertEquals(Set.of(), missing, "keys missing from messages_" + lang + ".properties");
    }
  }

  @Test
  void theDashboardKeepsNoStringsOfItsOwn() throws IOException {
    String js = page("dashboard.js");
    // its strings come from /api/i18n: no per-language object, no Japanese text in the script
    assertTrue(js.contains("/api/i18n?lang="));
    assertTrue(!js.contains("STRINGS"), "a per-language object in dashboard.js");
    assertTrue(
        js.codePoints().noneMatch(c -> c >= 0x3040 && c <= 0x30FF),
        "Japanese text in dashboard.js");
  }

  @Test
  void theI18nEndpointServesEitherLanguageWithoutASessionAndNamesAnUnknownOne() {
    try (ReviewFixture f = new ReviewFixture(dir)) {
      HttpResponse<String> ja = f.get("/api/i18n?lang=ja", null);
      assertEquals(200, ja.statusCode());
      JsonNode body = ReviewFixture.json(ja);
      assertEquals("ja", body.get("lang").asText());
      assertEquals("送信", body.get("strings").get("submit").asText());
      assertEquals(
          "Submit",
          ReviewFixture.json(f.get("/api/i18n", null)).get("strings").get("submit").asText());
      HttpResponse<String> xx = f.get("/api/i18n?lang=xx", null);
      assertEquals(400, xx.statusCode());
      assertEquals("lang", ReviewFixture.json(xx).get("field").asText());
      HttpResponse<String> js = f.get("/review.js", null);
      assertEquals(200, js.statusCode());
      assertTrue(js.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
    }
  }

  private static void collect(String text, Pattern p, Set<String> into) {
    Matcher m = p.matcher(text);
    while (m.find()) {
      into.add(m.group(1));
    }
  }

  private static String page(String name) throws IOException {
    try (InputStream in =
        ReviewApi.class.getResourceAsStream("/META-INF/resources/align4j-review/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
