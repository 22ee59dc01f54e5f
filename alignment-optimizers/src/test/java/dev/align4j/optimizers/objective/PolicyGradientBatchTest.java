package dev.align4j.optimizers.objective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PolicyGradientBatchTest {

  private static PolicyGradientBatch.Builder valid() {
    return PolicyGradientBatch.builder().lengths(2, 0, 1).logProbs(new double[] {-1, -2, -3})
        .sequenceAdvantages(new double[] {0.5, 9, -1});
  }

  private static void assertRejected(String fragment, PolicyGradientBatch.Builder b) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
    assertTrue(e.getMessage().contains(fragment), "expected \"" + fragment + "\" in: " + e.getMessage());
  }

  @Test
  void broadcastsSequenceAdvantagesAndDefaultsOldToCurrent() {
    PolicyGradientBatch b = valid().build();
    assertArrayEquals(new double[] {0.5, 0.5, -1}, b.advantages());
    assertSame(b.logProbs(), b.oldLogProbs());
    assertArrayEquals(new int[] {0, 2, 2, 3}, b.offsets());
    assertEquals(3, b.sequenceCount());
    assertEquals(3, b.tokenCount());
    assertEquals(1.0, b.maskAt(1));
    assertFalse(b.toString().contains("-1.0"), "toString shows sizes, not data");
  }

  @Test
  void rejectsBadInputNamingTheIndex() {
    assertRejected("logProbs[1]", valid().logProbs(new double[] {-1, Double.NaN, -3}));
    assertRejected("logProbs[2]", valid().logProbs(new double[] {-1, -2, 0.5}));
    assertRejected("logProbs[0]", valid().logProbs(new double[] {Double.NEGATIVE_INFINITY, -2, -3}));
    assertRejected("oldLogProbs[2]", valid().oldLogProbs(new double[] {-1, -2, Double.POSITIVE_INFINITY}));
    assertRejected("referenceLogProbs[0]", valid().referenceLogProbs(new double[] {1, -2, -3}));
    assertRejected("oldLogProbs must hold one value per token", valid().oldLogProbs(new double[] {-1, -2}));
    assertRejected("lengths[1]", valid().lengths(2, -1, 2));
    assertRejected("logProbs must hold one value per token (sum of lengths = 4)", valid().lengths(2, 1, 1)
        .sequenceAdvantages(new double[] {1, 1, 1}));
    assertRejected("sequenceAdvantages[2]", valid().sequenceAdvantages(new double[] {1, 1, Double.NaN}));
    assertRejected("sequenceAdvantages and lengths", valid().sequenceAdvantages(new double[] {1, 1}));
    assertRejected("advantages[1]", PolicyGradientBatch.builder().lengths(3).logProbs(new double[] {-1, -2, -3})
        .advantages(new double[] {0, Double.NaN, 0}));
    assertRejected("not both", valid().advantages(new double[] {1, 2, 3}));
    assertRejected("mask[2]", valid().mask(new double[] {1, 0, 1.5}));
    assertRejected("returns must be given", valid().oldValues(null).values(new double[] {0, 0, 0}, null));
    assertRejected("values[0]", valid().values(new double[] {Double.NaN, 0, 0}, new double[] {0, 0, 0}));
    assertRejected("oldValues must hold", valid().values(new double[] {0, 0, 0}, new double[] {0, 0, 0})
        .oldValues(new double[] {0}));
    assertRejected("entropies[1]", valid().entropies(new double[] {0, Double.NaN, 0}));
    assertRejected("at least one sequence", PolicyGradientBatch.builder().lengths().logProbs(new double[0])
        .advantages(new double[0]));
    assertThrows(NullPointerException.class, () -> PolicyGradientBatch.builder().build());
  }
}
