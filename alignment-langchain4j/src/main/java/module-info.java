/**
 * align4j for LangChain4j: any LangChain4j chat, embedding or scoring model in align4j, and align4j reward models as
 * LangChain4j scoring models, output guardrails and a best-of-n chat model. See the module README.
 *
 * <p>LangChain4j 1.19's jars carry neither a module descriptor nor an {@code Automatic-Module-Name}, so they are
 * automatic modules named after their file: {@code langchain4j.core} and {@code langchain4j.open.ai}.
 */
// "requires-transitive-automatic": LangChain4j types are in this module's API, and LangChain4j
// publishes no module
// names of its own (see the README's version policy)
@SuppressWarnings({"requires-transitive-automatic", "requires-automatic"})
module dev.align4j.langchain4j {
  requires transitive dev.align4j.core;
  // Featurizer and EmbeddingFeaturizer
  requires transitive dev.align4j.rewards;
  // FeedbackStore
  requires transitive dev.align4j.feedback;
  requires transitive langchain4j.core;
  // the OpenAI log-probability dialect; present when the application uses langchain4j-open-ai
  requires static langchain4j.open.ai;
  // java.net.http.HttpTimeoutException: a JDK client timeout in a LangChain4j failure maps to
  // RemoteTimeoutException
  requires java.net.http;
  // JsonProcessingException: an answer that does not parse maps to BadResponseException
  requires com.fasterxml.jackson.core;
  requires org.slf4j;
  requires static org.jspecify;

  exports dev.align4j.langchain4j;
}
