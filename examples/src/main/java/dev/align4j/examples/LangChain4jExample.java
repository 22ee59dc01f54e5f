package dev.align4j.examples;

import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.feedback.judge.JudgeAttributes;
import dev.align4j.feedback.judge.LlmJudge;
import dev.align4j.langchain4j.BestOfNChatModel;
import dev.align4j.langchain4j.BestOfNMetadata;
import dev.align4j.langchain4j.LangChain4jChatModel;
import dev.align4j.langchain4j.RewardGuardrail;
import dev.align4j.rewards.feature.HashedNGramFeaturizer;
import dev.align4j.rewards.model.FeatureRewardModel;
import dev.align4j.rewards.train.RewardModelTrainer;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.guardrail.OutputGuardrailException;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * align4j on a LangChain4j model: an AI judge, a reward guardrail on an {@code AiServices} assistant, and best-of-n
 * sampling, all on whatever LangChain4j chat model the application has.
 *
 * <ol>
 *   <li>the model: LangChain4j's {@code OpenAiChatModel} when {@code ALIGN4J_OPENAI_BASE_URL} is set (any
 *       OpenAI-compatible endpoint: OpenAI, vLLM, Ollama, llama.cpp; the key from {@code ALIGN4J_OPENAI_API_KEY},
 *       never printed; the model from {@code ALIGN4J_OPENAI_MODEL}, default {@code gpt-4o-mini}), otherwise an
 *       <b>offline stand-in</b>: an in-process LangChain4j chat model with four canned support answers and a keyword
 *       heuristic as the judge, clearly labelled in the output;
 *   <li>{@link LlmJudge} through {@link LangChain4jChatModel} judges answer pairs in both orders (soft labels when
 *       the provider returns log-probabilities, the hard verdict otherwise);
 *   <li>a hashed-n-gram Bradley–Terry reward model is trained on 40 preference pairs written here;
 *   <li>{@link BestOfNChatModel} samples 4 answers per question and returns the one the reward model prefers;
 *   <li>{@link RewardGuardrail} on an {@code AiServices} assistant passes, retries or fails answers by that reward.
 * </ol>
 *
 * <p>Run (from the repository root): {@code mvn -B -ntp -q -pl examples -am package -DskipTests -Pquickstart
 * -Dquickstart.mainClass=dev.align4j.examples.LangChain4jExample}.
 */
public final class LangChain4jExample {
  private LangChain4jExample() {}

  /** The assistant an application declares; LangChain4j implements it. */
  interface SupportAgent {
    String answer(String question);
  }

  /**
   * What the example found.
   *
   * @param model which model answered (the endpoint's model name, or the stand-in)
   * @param standIn whether the offline stand-in answered
   * @param judgeProbabilityA the judge's p(A ≻ B) for each judged pair (A is the better answer by construction)
   * @param softLabelSource "logprobs" or "verdict" for each judged pair
   * @param logProbFallbacks judge calls that came back without log-probabilities
   * @param bestOfNScores the reward of each of the 4 samples of the best-of-n call
   * @param bestOfNChosen the index of the returned sample
   * @param bestOfNAnswer the returned answer
   * @param guardedAnswer the answer the guarded assistant returned
   * @param guardrailFailure the message of the strict guardrail's failure, or "" if it passed
   */
  public record Result(
      String model,
      boolean standIn,
      List<Double> judgeProbabilityA,
      List<String> softLabelSource,
      long logProbFallbacks,
      List<Double> bestOfNScores,
      int bestOfNChosen,
      String bestOfNAnswer,
      String guardedAnswer,
      String guardrailFailure) {}

  static final String QUESTION = "My parcel is three days late. What can you do?";

  /** Runs the example and prints what it found. */
  public static void main(String[] args) {
    print(run(System.getenv()), System.out);
  }

  /** Runs the example with the given environment (the endpoint variables, if any). */
  public static Result run(Map<String, String> env) {
    String baseUrl = env.get("ALIGN4J_OPENAI_BASE_URL");
    boolean standIn = baseUrl == null || baseUrl.isBlank();
    String modelName = env.getOrDefault("ALIGN4J_OPENAI_MODEL", "gpt-4o-mini");
    ChatModel model =
        standIn
            ? new StandInModel()
            : OpenAiChatModel.builder()
                .baseUrl(baseUrl)
                .apiKey(env.getOrDefault("ALIGN4J_OPENAI_API_KEY", "none"))
                .modelName(modelName)
                .timeout(Duration.ofSeconds(60))
                .build();

    // 1. an align4j judge on the LangChain4j model
    LangChain4jChatModel judgeModel = LangChain4jChatModel.of(model);
    LlmJudge judge = LlmJudge.builder().model(judgeModel).build();
    List<Double> pA = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    Prompt question = Prompt.of(QUESTION);
    for (int i = 0; i < 2; i++) {
      PairwiseComparison label =
          (PairwiseComparison)
              judge.requestBlocking(
                  FeedbackRequest.pairwise(
                      "pair-" + i,
                      question,
                      Completion.of(StandInModel.ANSWERS[i]),
                      Completion.of(StandInModel.ANSWERS[3 - i])));
      pA.add(label.probabilityA() == null ? Double.NaN : label.probabilityA());
      sources.add(
          label.provenance().attributes().getOrDefault(JudgeAttributes.SOFT_LABEL_SOURCE, "?"));
    }

    // 2. a reward model trained on 40 preference pairs (a stand-in for the application's own
    // labels)
    FeatureRewardModel reward =
        RewardModelTrainer.builder()
            .build()
            .train(HashedNGramFeaturizer.builder().build(), preferencePairs())
            .requireModel();

    // 3. best-of-4: four samples, the reward model's favourite returned, the scores in the metadata
    BestOfNChatModel bestOfN = BestOfNChatModel.builder(model, reward).n(4).build();
    ChatResponse best =
        bestOfN.chat(
            ChatRequest.builder().messages(UserMessage.from(QUESTION)).temperature(1.0).build());
    BestOfNMetadata scores = (BestOfNMetadata) best.metadata();

    // 4. a guardrail on an AiServices assistant: pass at a reward of 0, otherwise retry
    // (LangChain4j re-sends the
    // chat memory) and fail when retries run out
    SupportAgent guarded =
        AiServices.builder(SupportAgent.class)
            .chatModel(model)
            .chatMemory(MessageWindowChatMemory.withMaxMessages(10))
            .outputGuardrails(RewardGuardrail.builder(reward, 0.0).name("support-reward").build())
            .build();
    String guardedAnswer;
    try {
      guardedAnswer = guarded.answer(QUESTION);
    } catch (OutputGuardrailException e) {
      guardedAnswer = "(refused: " + e.getMessage() + ")";
    }
    // a threshold no answer reaches: the service fails with the score and the reason
    SupportAgent strict =
        AiServices.builder(SupportAgent.class)
            .chatModel(model)
            .chatMemory(MessageWindowChatMemory.withMaxMessages(10))
            .outputGuardrails(
                RewardGuardrail.builder(reward, 1_000.0)
                    .failBelow(-1_000.0)
                    .name("support-reward")
                    .build())
            .build();
    String failure = "";
    try {
      strict.answer(QUESTION);
    } catch (OutputGuardrailException e) {
      failure = e.getMessage();
    }
    return new Result(
        standIn ? "offline stand-in" : modelName,
        standIn,
        pA,
        sources,
        judgeModel.logProbFallbacks(),
        scores.scores(),
        scores.chosenIndex(),
        best.aiMessage().text(),
        guardedAnswer,
        failure);
  }

  /** 40 pairs: an answer that apologises, explains and acts is preferred over a curt one. */
  static List<PairwiseComparison> preferencePairs() {
    String[] good = {
      "Sorry about the delay. Your parcel is with the carrier and should arrive tomorrow; I have refunded the"
          + " shipping fee.",
      "I apologise for the wait. The tracking shows it in your city; I refunded delivery and will follow up.",
      "Sorry for the trouble. I have checked: it ships today, and the delivery fee is refunded.",
      "Apologies. I have escalated this with the carrier, refunded the shipping cost and will email you an update.",
    };
    String[] bad = {
      "Parcels are sometimes late.",
      "Check the website.",
      "Wait a few more days.",
      "Nothing we can do."
    };
    String[] questions = {
      QUESTION,
      "Where is my order?",
      "My delivery did not come.",
      "The package is missing.",
      "Why is my parcel late?"
    };
    Provenance who = Provenance.human("example", Instant.EPOCH);
    List<PairwiseComparison> out = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      out.add(
          PairwiseComparison.preferring(
              Prompt.of(questions[i % questions.length]),
              Completion.of(good[i % good.length]),
              Completion.of(bad[(i / 4) % bad.length]),
              who));
    }
    return out;
  }

  /** Prints the report. */
  static void print(Result r, PrintStream out) {
    out.println("align4j on LangChain4j");
    out.println(
        r.standIn()
            ? "model: OFFLINE STAND-IN (no ALIGN4J_OPENAI_BASE_URL set): canned answers and a keyword-heuristic judge;"
                + " the numbers show the wiring, not a model's quality"
            : "model: " + r.model() + " through LangChain4j's OpenAiChatModel (key not shown)");
    for (int i = 0; i < r.judgeProbabilityA().size(); i++) {
      out.printf(
          Locale.ROOT,
          "judge, pair %d: p(better answer preferred) = %.3f (soft label from %s)%n",
          i + 1,
          r.judgeProbabilityA().get(i),
          r.softLabelSource().get(i));
    }
    out.println(
        "judge calls without log-probabilities (fell back to the hard verdict): "
            + r.logProbFallbacks());
    out.printf(
        Locale.ROOT,
        "best-of-4 rewards: %s, chosen sample %d: \"%s\"%n",
        fmt(r.bestOfNScores()),
        r.bestOfNChosen(),
        r.bestOfNAnswer());
    out.println("guarded assistant (pass at reward >= 0): \"" + r.guardedAnswer() + "\"");
    out.println("strict guardrail (pass at reward >= 1000): " + r.guardrailFailure());
  }

  private static String fmt(List<Double> xs) {
    List<String> s = new ArrayList<>();
    for (double x : xs) {
      s.add(String.format(Locale.ROOT, "%.2f", x));
    }
    return s.toString();
  }

  /**
   * The offline stand-in: a LangChain4j chat model in process. As the assistant it answers the four canned answers
   * in turn (two helpful, two curt); as a judge (a prompt with the judge's candidate blocks) it prefers the
   * candidate that apologises, with the verdict only (no log-probabilities).
   */
  static final class StandInModel implements ChatModel {
    static final String[] ANSWERS = {
      "Sorry about the delay! Your parcel is with the carrier and should arrive tomorrow; I have refunded the"
          + " shipping fee.",
      "I apologise for the wait. I have escalated it with the carrier and refunded the delivery cost.",
      "Parcels are sometimes late.",
      "Check the website.",
    };
    private final AtomicInteger turn = new AtomicInteger();

    @Override
    public ChatResponse doChat(ChatRequest request) {
      List<ChatMessage> messages = request.messages();
      String last =
          messages.get(messages.size() - 1) instanceof UserMessage u && u.hasSingleText()
              ? u.singleText()
              : "";
      String text;
      if (last.contains("[[RESPONSE 1 #")) {
        text = "Verdict: " + (apologises(block(last, "RESPONSE 1")) ? "1" : "2");
      } else {
        text = ANSWERS[turn.getAndIncrement() % ANSWERS.length];
      }
      return ChatResponse.builder().aiMessage(AiMessage.from(text)).modelName("stand-in").build();
    }

    private static boolean apologises(String s) {
      String t = s.toLowerCase(Locale.ROOT);
      return t.contains("sorry") || t.contains("apolog");
    }

    private static String block(String user, String name) {
      int start = user.indexOf("[[" + name + " #");
      int open = user.indexOf("]]\n", start) + 3;
      int end = user.indexOf("\n[[END " + name + " #", open);
      return start < 0 || end < 0 ? "" : user.substring(open, end);
    }
  }
}
