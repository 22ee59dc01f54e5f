package dev.align4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Pair construction on one machine; hashes checked against Python's hashlib. */
class PreferencePairsTest {
  // a = 3, c = 2, b = d = 1 (tie), and a duplicate of a
  private static final List<ScoredCompletion> SAMPLES =
      List.of(
          new ScoredCompletion("b", 1.0),
          new ScoredCompletion("a", 3.0),
          new ScoredCompletion("c", 2.0),
          new ScoredCompletion("a", 3.0),
          new ScoredCompletion("d", 1.0));

  @Test
  void contentHashesMatchAnIndependentSha256() {
    // hashlib.sha256 over struct.pack('>I', len(utf8)) + utf8 per field
    assertEquals(
        "f2939f903016e5bb29b1e4a61cdbd376220ca03a24180b39995f2d50f2e0a647",
        ContentHash.of("ab", "c"));
    assertEquals(
        "b534ce16ac9c8b36823f39a395ce8e0e3c7ad9605b82b5444f18cadacd217a5d",
        ContentHash.of("a", "bc"));
    assertEquals(
        "f747fac798399cca321ac969a4e1223118a869ff97594fa7a7acb89b973019c8",
        ContentHash.of("日本 🙂"));
    // (int.from_bytes(sha256(pack('>q', seed) + hash)[:8]) >> 11) / 2**53
    assertEquals(0.2992262519053206, ContentHash.unitInterval(ContentHash.of("p"), 0), 0.0);
    assertEquals(0.722836583123099, ContentHash.unitInterval(ContentHash.of("p"), 7), 0.0);
  }

  @Test
  void ranksByScoreThenHashAndDropsDuplicates() {
    // sha256 of ("p", "d") = e002..., of ("p", "b") = ea1f...: d ranks before b at equal scores
    List<String> ranked =
        PreferencePairs.rank("p", SAMPLES).stream().map(ScoredCompletion::completion).toList();
    assertEquals(List.of("a", "c", "d", "b"), ranked);
  }

  @Test
  void bestVsWorstPairsTheTopWithTheBottom() {
    List<PreferencePair> pairs =
        PreferencePairs.pairs("p", SAMPLES, new PairingStrategy.BestVsWorst(0.0));
    assertEquals(List.of(new PreferencePair("p", "a", "b", 3.0, 1.0)), pairs);
    assertEquals(
        List.of(), PreferencePairs.pairs("p", SAMPLES, new PairingStrategy.BestVsWorst(2.0)));
    assertEquals(
        List.of(),
        PreferencePairs.pairs("p", List.of(SAMPLES.get(1)), new PairingStrategy.BestVsWorst(0)));
  }

  @Test
  void allPairsKeepsThoseAboveTheMarginExclusive() {
    assertEquals(
        List.of("a>c", "a>d", "a>b", "c>d", "c>b"),
        names(PreferencePairs.pairs("p", SAMPLES, new PairingStrategy.AllPairs(0.5))));
    // 2 - 1 = 1 is not above 1
    assertEquals(
        List.of("a>d", "a>b"),
        names(PreferencePairs.pairs("p", SAMPLES, new PairingStrategy.AllPairs(1.0))));
    assertThrows(
        IllegalArgumentException.class,
        () -> PreferencePairs.pairs("p", SAMPLES, new PairingStrategy.Listwise()));
    assertThrows(IllegalArgumentException.class, () -> new PairingStrategy.AllPairs(-0.1));
  }

  @Property(trials = 50)
  void thePairsDoNotDependOnTheOrderOfTheSamples(Gen gen) {
    List<ScoredCompletion> samples = new ArrayList<>();
    int k = gen.intIn(0, 8);
    for (int i = 0; i < k; i++) {
      // few distinct texts and scores: duplicates and ties
      samples.add(new ScoredCompletion("c" + gen.intIn(0, 4), gen.intIn(0, 3)));
    }
    List<ScoredCompletion> shuffled = new ArrayList<>(samples);
    Collections.shuffle(shuffled, new Random(gen.seed()));
    PairingStrategy all = new PairingStrategy.AllPairs(0.0);
    List<PreferencePair> pairs = PreferencePairs.pairs("p", samples, all);
    assertEquals(pairs, PreferencePairs.pairs("p", shuffled, all));
    long distinct = samples.stream().map(ScoredCompletion::completion).distinct().count();
    assertTrue(pairs.size() <= distinct * (distinct - 1) / 2);
    for (PreferencePair p : pairs) {
      assertTrue(p.chosenScore() > p.rejectedScore(), p.toString());
    }
  }

  private static List<String> names(List<PreferencePair> pairs) {
    return pairs.stream().map(p -> p.chosen() + ">" + p.rejected()).toList();
  }
}
