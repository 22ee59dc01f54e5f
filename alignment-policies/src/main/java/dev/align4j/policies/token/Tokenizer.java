package dev.align4j.policies.token;

/**
 * Turns text into token ids and back: the SPI between text and an in-process language model.
 *
 * <p>Ids are in {@code [0, vocabularySize())}. Three ids are reserved for structure: {@link #bos()} starts a sequence,
 * {@link #separator()} ends the prompt, {@link #eos()} ends the completion. {@link #encode(String)} never produces
 * them and {@link #decode(int[], int, int)} skips them. Implementations are immutable and thread-safe.
 */
public interface Tokenizer {

  /** A short, stable name of the scheme (saved in checkpoints), for example {@code "byte"} or {@code "word"}. */
  String name();

  /** The number of distinct token ids, reserved ones included. */
  int vocabularySize();

  /** The beginning-of-sequence id. */
  int bos();

  /** The id that separates a prompt from its completion. */
  int separator();

  /** The end-of-completion id; sampling stops when it is drawn. */
  int eos();

  /** The ids of {@code text}, without reserved ids. */
  int[] encode(String text);

  /** The text of {@code ids[from, to)}, skipping reserved ids. */
  String decode(int[] ids, int from, int to);

  /** The text of all {@code ids}, skipping reserved ids. */
  default String decode(int[] ids) {
    return decode(ids, 0, ids.length);
  }

  /** Whether {@code id} is one of the reserved ids. */
  default boolean isReserved(int id) {
    return id == bos() || id == separator() || id == eos();
  }
}
