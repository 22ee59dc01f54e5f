/**
 * Requires {@code dev.align4j.langchain4j} alone: the align4j and LangChain4j types its API exposes must be readable
 * through {@code requires transitive} (LangChain4j's core jar is the automatic module {@code langchain4j.core}).
 */
module dev.align4j.jpmscheck.langchain4jonly {
  requires dev.align4j.langchain4j;
}
