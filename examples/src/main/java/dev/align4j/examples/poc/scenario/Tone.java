package dev.align4j.examples.poc.scenario;

/** How a reply addresses the customer. */
public enum Tone {
  /** Thanks and apologises, closes courteously. */
  POLITE,
  /** Plain, no courtesies. */
  NEUTRAL,
  /** Belittles the customer. */
  RUDE
}
