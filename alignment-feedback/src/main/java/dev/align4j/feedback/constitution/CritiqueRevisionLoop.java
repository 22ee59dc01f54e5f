package dev.align4j.feedback.constitution;

import dev.align4j.core.check.Require;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.label.SourceKind;
import dev.align4j.core.llm.ChatModel;
import dev.align4j.core.llm.ChatRequest;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Message;
import dev.align4j.core.text.Prompt;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Constitutional AI's supervised stage (Bai et al. 2022, §3): for a prompt and a response, sample a principle, ask
 * the model to critique the response under it, then to revise the response; repeat for {@code rounds} rounds, each
 * with a freshly sampled principle. The conversation of a round is the prompt, the current response, the critique
 * request and the model's critique, then the revision request.
 *
 * <p>An empty revision is refused ({@link IllegalStateException}) rather than turned into a training pair.
 */
public final class CritiqueRevisionLoop {
  private final ChatModel model;
  private final Constitution constitution;
  private final int rounds;
  private final RandomGenerator random;
  private final Clock clock;
  private final int maxTokens;

  private CritiqueRevisionLoop(ChatModel model, Constitution constitution, int rounds, RandomGenerator random,
      Clock clock, int maxTokens) {
    this.model = Require.nonNull("model", model);
    this.constitution = Require.nonNull("constitution", constitution);
    this.rounds = Require.positive("rounds", rounds);
    this.random = Require.nonNull("random", random);
    this.clock = Require.nonNull("clock", clock);
    this.maxTokens = Require.positive("maxTokens", maxTokens);
  }

  /** One round, seed 0, UTC clock, 512 tokens per call. */
  public static CritiqueRevisionLoop of(ChatModel model, Constitution constitution) {
    return new CritiqueRevisionLoop(model, constitution, 1, new SplittableRandom(0), Clock.systemUTC(), 512);
  }

  /** A copy with {@code n} rounds. */
  public CritiqueRevisionLoop withRounds(int n) {
    return new CritiqueRevisionLoop(model, constitution, n, random, clock, maxTokens);
  }

  /** A copy with another seeded generator and clock. */
  public CritiqueRevisionLoop withRandom(RandomGenerator r, Clock c) {
    return new CritiqueRevisionLoop(model, constitution, rounds, r, c, maxTokens);
  }

  /** Runs the loop. */
  public RevisionResult revise(Prompt prompt, Completion original) {
    Require.nonNull("prompt", prompt);
    Require.nonNull("original", original);
    String current = original.text();
    List<RevisionStep> steps = new ArrayList<>();
    @Nullable Principle last = null;
    for (int r = 0; r < rounds; r++) {
      Principle p;
      synchronized (random) {
        p = constitution.sample(random);
      }
      last = p;
      List<Message> conv = new ArrayList<>(prompt.messages());
      conv.add(Message.assistant(current));
      conv.add(Message.user("Critique request: " + p.critiqueRequest()));
      String critique = model.chat(ChatRequest.of(conv, maxTokens)).text().strip();
      conv.add(Message.assistant(critique));
      conv.add(Message.user("Revision request: " + p.revisionRequest()
          + " Reply with the revised response only, without any preface."));
      String revision = model.chat(ChatRequest.of(conv, maxTokens)).text().strip();
      if (revision.isEmpty()) {
        throw new IllegalStateException("revision must not be empty; the model returned nothing in round " + (r + 1)
            + " under principle " + p.id());
      }
      steps.add(new RevisionStep(p.id(), critique, revision));
      current = revision;
    }
    Provenance prov = new Provenance(SourceKind.AI, model.modelId(), null, last.id(), clock.instant(),
        Map.of("constitution_version", constitution.version()));
    return new RevisionResult(prompt, original, Completion.of(current), steps, prov);
  }
}
