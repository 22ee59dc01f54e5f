package dev.align4j.optimizers.optimizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.align4j.core.Policy;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.policies.LogLinearPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reference cache's batch look-up: one reference batch call over the misses, with the single look-up's counts. */
class ReferenceCacheTest {
  static final Prompt P0 = PoliteWorld.prompt(0);
  static final Prompt P1 = PoliteWorld.prompt(1);
  static final Completion A = PoliteWorld.candidates(P0).get(0);
  static final Completion B = PoliteWorld.candidates(P0).get(1);
  static final Completion C = PoliteWorld.candidates(P1).get(2);

  static LogLinearPolicy trained() {
    LogLinearPolicy p = PoliteWorld.policyBuilder().build();
    p.zeroGrad();
    p.forward(P0, A).backward(new double[] {-1.0});
    p.step(0.5); // a reference that is not uniform
    return p;
  }

  @Test
  void aBatchRunsTheReferenceOnceOverItsDistinctMisses() {
    Policy frozen = trained().frozenCopy();
    BatchRecordingPolicy.Reference reference = new BatchRecordingPolicy.Reference(frozen);
    ReferenceCache cache = new ReferenceCache(reference);
    double[] first = cache.logProbs(List.of(P0, P0, P0), List.of(A, B, A), new int[] {1, 1, 1});
    assertArrayEquals(
        new double[] {
          frozen.logProbs(P0, A).sum(), frozen.logProbs(P0, B).sum(), frozen.logProbs(P0, A).sum()
        },
        first,
        0.0);
    assertEquals(1, reference.logProbsBatches);
    assertEquals(0, reference.singleLogProbs);
    assertEquals(2, cache.misses(), "A and B");
    assertEquals(1, cache.hits(), "A again, as a single look-up after the first would count it");
    double[] second = cache.logProbs(List.of(P0, P1), List.of(B, C), new int[] {1, 1});
    assertArrayEquals(new double[] {first[1], frozen.logProbs(P1, C).sum()}, second, 0.0);
    assertEquals(2, reference.logProbsBatches);
    assertEquals(3, cache.misses());
    assertEquals(2, cache.hits());
    assertEquals(3, cache.size());
    cache.logProbs(List.of(P1, P0), List.of(C, A), new int[] {1, 1});
    assertEquals(2, reference.logProbsBatches, "all cached: no reference call");
    assertEquals(first[0], cache.logProb(P0, A, 1), 0.0, "the single look-up reads the same entry");
  }

  @Test
  void aRefusalNamesTheElementOfTheCallersBatchAndCachesNothing() {
    ReferenceCache cache = new ReferenceCache(trained().frozenCopy());
    cache.logProbs(List.of(P0), List.of(A), new int[] {1});
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                cache.logProbs(
                    List.of(P0, P0, P0),
                    List.of(A, B, Completion.of("nope")),
                    new int[] {1, 1, 1}));
    // "nope" is the second miss (index 1 of the reference's batch) and element 2 of the caller's
    assertEquals(
        "batch example 2: completion must be one of the 6 candidates of the prompt, was \"nope\"",
        e.getMessage());
    assertEquals(1, cache.size());
    assertEquals(1, cache.misses());
    assertEquals(0, cache.hits());
  }

  @Test
  void anotherTokenCountIsRefusedWithTheSingleLookUpsMessage() {
    ReferenceCache cache = new ReferenceCache(trained().frozenCopy());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> cache.logProbs(List.of(P0, P0), List.of(A, B), new int[] {1, 2}));
    assertEquals(
        "batch example 1: reference and policy must score completions with the same number of tokens (same shape), "
            + "policy had 2 and reference 1 for \"q0 rude reply 0\"",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> cache.logProb(P0, B, 2));
    assertEquals(
        "reference and policy must score completions with the same number of tokens (same shape), "
            + "policy had 2 and reference 1 for \"q0 rude reply 0\"",
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> cache.logProbs(List.of(P0), List.of(A, B), new int[] {1}));
    assertEquals("prompts and completions must have the same length, were 1 and 2", e.getMessage());
  }
}
