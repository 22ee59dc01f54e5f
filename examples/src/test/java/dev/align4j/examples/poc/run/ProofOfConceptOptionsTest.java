package dev.align4j.examples.poc.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProofOfConceptOptionsTest {

  @Test
  void the_defaults_and_every_option_are_read() {
    assertEquals(
        new ProofOfConcept.Options(false, 18, Path.of("target", "poc"), Double.NaN, Double.NaN),
        ProofOfConcept.Options.parse());
    assertEquals(
        new ProofOfConcept.Options(true, -7, Path.of("/tmp/x"), 1.25, 0.0),
        ProofOfConcept.Options.parse(
            "--fast", "--seed=-7", "--out=/tmp/x", "--human-cost=1.25", "--ai-cost=0"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--seed=abc|--seed|abc",
        "--seed=|--seed|\"\"",
        "--seed=1.5|--seed|1.5",
        "--human-cost=cheap|--human-cost|cheap",
        "--ai-cost=-1|--ai-cost|-1",
        "--ai-cost=Infinity|--ai-cost|Infinity",
        "--out=|--out|\"\"",
        "--fats|args|--fats"
      })
  void bad_input_is_refused_naming_the_option_and_the_value(
      String arg, String option, String value) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ProofOfConcept.Options.parse(arg));
    assertTrue(e.getMessage().startsWith(option + ":"), e.getMessage());
    assertTrue(e.getMessage().contains(value), e.getMessage());
  }
}
