package dev.align4j.springai;

import java.util.List;

/**
 * The shape of Spring AI's OpenAI {@code LogProbs} metadata value (a {@code content} list of tokens with
 * {@code token}, {@code logprob}, {@code bytes} and {@code topLogprobs}), as public records for tests.
 */
public record OpenAiShapedLogProbs(List<Content> content) {
  public record Content(String token, Float logprob, List<Integer> bytes, List<Top> topLogprobs) {}

  public record Top(String token, Float logprob, List<Integer> bytes) {}

  /** One generated token {@code chosen} whose top alternatives are {@code tokens} with probabilities {@code ps}. */
  public static OpenAiShapedLogProbs oneToken(String chosen, List<String> tokens, List<Double> ps) {
    List<Top> tops = new java.util.ArrayList<>();
    float chosenLp = 0;
    for (int i = 0; i < tokens.size(); i++) {
      float lp = (float) Math.log(ps.get(i));
      tops.add(new Top(tokens.get(i), lp, List.of()));
      if (tokens.get(i).equals(chosen)) {
        chosenLp = lp;
      }
    }
    return new OpenAiShapedLogProbs(List.of(new Content(chosen, chosenLp, List.of(), tops)));
  }
}
