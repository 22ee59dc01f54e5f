/**
 * align4j on LangChain4j. The names of the two libraries clash ({@code ChatModel}, {@code ChatRequest},
 * {@code ChatResponse} exist in both), so every adapter here is named after the side it adapts:
 *
 * <ul>
 *   <li>{@link dev.align4j.langchain4j.LangChain4jChatModel}: a LangChain4j chat model as an align4j
 *       {@code ChatModel} (judges, LLM-as-reward, critique and revision), with token log-probabilities where the
 *       provider returns them ({@link dev.align4j.langchain4j.ProviderDialect});
 *   <li>{@link dev.align4j.langchain4j.LangChain4jEmbeddings}: a LangChain4j embedding model as an align4j
 *       {@code Featurizer};
 *   <li>{@link dev.align4j.langchain4j.LangChain4jRewardModel} and {@link dev.align4j.langchain4j.RewardScoringModel}:
 *       scoring models in both directions;
 *   <li>{@link dev.align4j.langchain4j.RewardGuardrail} and {@link dev.align4j.langchain4j.BestOfNChatModel}: an
 *       align4j reward model guarding and choosing LangChain4j answers;
 *   <li>{@link dev.align4j.langchain4j.ChatFeedbackRecorder}: thumbs, regenerations and edits into a
 *       {@code FeedbackStore};
 *   <li>{@link dev.align4j.langchain4j.ProviderExceptions}: LangChain4j's exceptions as align4j's retriable and
 *       non-retriable ones.
 * </ul>
 */
@NullMarked
package dev.align4j.langchain4j;

import org.jspecify.annotations.NullMarked;
