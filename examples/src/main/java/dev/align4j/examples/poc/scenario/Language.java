package dev.align4j.examples.poc.scenario;

/**
 * The language a customer writes in and is answered in.
 *
 * <p>{@code lengthUnit} is the number of characters (Unicode code points) the gold reward treats as one unit of
 * length: Japanese packs about twice as much content into a character as English, so its unit is half as long.
 */
public enum Language {
  /** English; a length unit of 100 characters, a reply budget of 220 characters. */
  ENGLISH(100, 220),
  /** Japanese; a length unit of 50 characters, a reply budget of 110 characters. */
  JAPANESE(50, 110);

  private final int lengthUnit;
  private final int lengthBudget;

  Language(int lengthUnit, int lengthBudget) {
    this.lengthUnit = lengthUnit;
    this.lengthBudget = lengthBudget;
  }

  /** Characters (code points) per unit of length. */
  public int lengthUnit() {
    return lengthUnit;
  }

  /** Characters (code points) a complete, polite reply needs; longer replies are padded. */
  public int lengthBudget() {
    return lengthBudget;
  }

  /** {@link #JAPANESE} when {@code text} contains hiragana, katakana or kanji, else {@link #ENGLISH}. */
  public static Language of(String text) {
    return text.codePoints().anyMatch(Language::isJapanese) ? JAPANESE : ENGLISH;
  }

  private static boolean isJapanese(int codePoint) {
    Character.UnicodeScript s = Character.UnicodeScript.of(codePoint);
    return s == Character.UnicodeScript.HIRAGANA
        || s == Character.UnicodeScript.KATAKANA
        || s == Character.UnicodeScript.HAN;
  }
}
