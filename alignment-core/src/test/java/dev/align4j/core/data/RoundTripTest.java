package dev.align4j.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Message;
import dev.align4j.core.text.Prompt;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Round trips: what each format keeps, it gives back exactly; what it loses, it loses as documented. */
class RoundTripTest {

  private static Prompt randomPrompt(Gen gen, boolean allowSystem) {
    List<String> turns = gen.conversation(5, 6);
    List<Message> msgs = new ArrayList<>();
    if (allowSystem && gen.bool()) {
      msgs.add(Message.system(gen.text(4)));
    }
    for (int i = 0; i < turns.size(); i++) {
      msgs.add(i % 2 == 0 ? Message.user(turns.get(i)) : Message.assistant(turns.get(i)));
    }
    return new Prompt(msgs);
  }

  private static PreferenceExample randomExample(Gen gen, boolean allowSystem) {
    return new PreferenceExample(randomPrompt(gen, allowSystem), Completion.of(gen.text(8)), Completion.of(gen.text(8)));
  }

  private static List<PreferenceExample> roundTrip(DataFormat f, List<PreferenceExample> in, boolean conversational) throws IOException {
    StringWriter sw = new StringWriter();
    try (var w = PreferenceJsonlWriter.to(sw, f).conversational(conversational)) {
      for (PreferenceExample e : in) {
        w.write(e, Map.of("margin", 1.5));
      }
    }
    List<PreferenceExample> out = new ArrayList<>();
    ReadSummary s = JsonlDatasetReader.preferences(f, ReadOptions.strict())
        .read(new ByteArrayInputStream(sw.toString().getBytes(StandardCharsets.UTF_8)), null, out::add);
    assertEquals(in.size(), s.records());
    return out;
  }

  @Property(trials = 60)
  void trlAndOpenAi_keepEverything(Gen gen) throws IOException {
    List<PreferenceExample> in = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      in.add(randomExample(gen, true));
    }
    assertEquals(in, roundTrip(DataFormat.TRL_PREFERENCE, in, false));
    assertEquals(in, roundTrip(DataFormat.TRL_PREFERENCE, in, true));
    assertEquals(in, roundTrip(DataFormat.OPENAI_DPO, in, false));
  }

  @Property(trials = 60)
  void hh_keepsHumanAndAssistantTurns_andDropsSystemTurns(Gen gen) throws IOException {
    PreferenceExample e = randomExample(gen, true);
    // Texts that contain a turn marker cannot round-trip through HH; the generator's vocabulary never makes one.
    PreferenceExample back = roundTrip(DataFormat.ANTHROPIC_HH, List.of(e), false).get(0);
    List<Message> kept = new ArrayList<>(e.prompt().messages());
    kept.removeIf(m -> !Set.of(dev.align4j.core.text.Role.USER, dev.align4j.core.text.Role.ASSISTANT).contains(m.role()));
    assertEquals(kept, back.prompt().messages());
    assertEquals(e.chosen(), back.chosen());
    assertEquals(e.rejected(), back.rejected());
  }

  @Property(trials = 40)
  void unpaired_roundTrips(Gen gen) throws IOException {
    List<UnpairedExample> in = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      in.add(new UnpairedExample(randomPrompt(gen, true), Completion.of(gen.text(6)), gen.bool()));
    }
    StringWriter sw = new StringWriter();
    try (var w = UnpairedJsonlWriter.to(sw)) {
      in.forEach(w::write);
    }
    List<UnpairedExample> out = new ArrayList<>();
    JsonlDatasetReader.unpaired(ReadOptions.strict())
        .read(new ByteArrayInputStream(sw.toString().getBytes(StandardCharsets.UTF_8)), null, out::add);
    assertEquals(in, out);
  }

  @Property(trials = 40)
  void lenientMode_keepsEveryValidRecord_inOrder(Gen gen) throws IOException {
    StringBuilder sb = new StringBuilder();
    List<PreferenceExample> valid = new ArrayList<>();
    int bad = 0;
    StringWriter sw = new StringWriter();
    var w = PreferenceJsonlWriter.to(sw, DataFormat.TRL_PREFERENCE);
    for (int i = 0; i < 30; i++) {
      if (gen.random().nextInt(4) == 0) {
        sb.append(gen.oneOf("{", "[]", "{\"prompt\": 1}", "nope", "{\"chosen\": \"a\"}")).append('\n');
        bad++;
      } else {
        PreferenceExample e = randomExample(gen, false);
        valid.add(e);
        sw.getBuffer().setLength(0);
        w.write(e);
        w.flush();
        sb.append(sw);
      }
    }
    List<PreferenceExample> out = new ArrayList<>();
    ReadSummary s = JsonlDatasetReader.preferences(DataFormat.TRL_PREFERENCE, ReadOptions.lenient())
        .read(new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.UTF_8)), null, out::add);
    assertEquals(valid, out);
    assertEquals(bad, s.rejected());
    assertTrue(s.firstRejects().stream().allMatch(r -> r.lineNumber() >= 1 && r.lineNumber() <= 30));
  }
}
