package io.qrflow.projections.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qrflow.microsite.Block;
import io.qrflow.projections.contracts.Payloads;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The template generator writes the requested language, and says so when it cannot. */
class TemplateGeneratorTest {

  private final TemplateGenerator generator = new TemplateGenerator();

  @Test
  void givenGerman_whenABakeryIsDescribed_thenThePageIsGerman() throws Exception {
    var content = generate("Eine Bäckerei namens \"Brotzeit\" in Berlin mit Kuchen und Kaffee,"
        + " https://brotzeit.example/bestellen", "friendly", "de");
    assertEquals("Brotzeit", content.title());
    assertEquals("Bäckerei & Café in Berlin – herzlich und persönlich", content.tagline());
    String text = text(content);
    assertTrue(text.contains("Willkommen bei Brotzeit"), text);
    assertTrue(text.contains("**Brotzeit** – Bäckerei & Café in Berlin."), text);
    assertTrue(text.contains("Unser Angebot"), text);
    assertTrue(text.contains("Jeden Morgen frisch gebacken"), text);
    assertTrue(text.contains("Online bestellen -> https://brotzeit.example/bestellen"), text);
    assertTrue(!text.contains("Welcome") && !text.contains("What we offer"), "no English: " + text);
  }

  @Test
  void givenFrench_whenASalonIsDescribed_thenThePageIsFrench() throws Exception {
    var content = generate("Un salon de coiffure appelé \"Belle Mèche\" à Lyon, contact@bellemeche.example",
        "professional", "fr-CA");
    assertEquals("Salon à Lyon – fiable et compétent", content.tagline());
    String text = text(content);
    assertTrue(text.contains("Bienvenue chez Belle Mèche"), text);
    assertTrue(text.contains("Coupe et coiffage") && text.contains("Nous contacter"), text);
  }

  @Test
  void givenSpanish_whenAGymIsDescribed_thenThePageIsSpanish() throws Exception {
    var content = generate("Un gimnasio en Madrid con clases de baile y entrenamiento personal", "calm", "es");
    assertEquals("Estudio", content.title());
    assertEquals("Estudio en Madrid – tranquilo y acogedor", content.tagline());
    String text = text(content);
    assertTrue(text.contains("Bienvenidos a Estudio") && text.contains("Lo que ofrecemos"), text);
    assertTrue(text.contains("Clases para todos los niveles"), text);
  }

  @Test
  void givenNoLanguageOrEnglish_whenGenerated_thenEnglishAsBefore() throws Exception {
    var none = generate("A bakery called Ada Loaves in Leeds", "friendly", null);
    var en = generate("A bakery called Ada Loaves in Leeds", "friendly", "en-GB");
    assertEquals("Your friendly bakery & café in Leeds", none.tagline());
    assertEquals(text(none), text(en));
    assertTrue(text(none).contains("**Ada Loaves** is a bakery & café in Leeds."), text(none));
  }

  @Test
  void givenALanguageWithoutTemplates_whenGenerated_thenItFailsSayingWhichLanguagesExist() {
    var failed = assertThrows(ContentGenerator.GenerationFailed.class,
        () -> generate("Una panetteria a Roma", "friendly", "it"));
    assertEquals("the built-in template generator writes [en, de, fr, es], not 'it'; choose one of"
        + " these languages", failed.getMessage());
  }

  @Test
  void givenAGeneratedBlockList_thenEmbeddedQrCodesAreNeverKept() throws Exception {
    var content = ContentSanitizer.sanitize("T", null, List.of(new Block.Heading("Hi", 1),
        new Block.QrEmbed("someones-code", null)));
    assertEquals(List.of(new Block.Heading("Hi", 1)), content.blocks());
  }

  private Payloads.GeneratedContent generate(String prompt, String tone, String language) throws Exception {
    return generator.generate(new ContentGenerator.Request("s", prompt, tone, language));
  }

  private static String text(Payloads.GeneratedContent content) {
    return content.blocks().stream().map(TemplateGeneratorTest::text).collect(Collectors.joining("\n"));
  }

  private static String text(Block b) {
    if (b instanceof Block.Heading h) return h.text();
    if (b instanceof Block.Markdown m) return m.text();
    if (b instanceof Block.Link l) return l.label() + " -> " + l.url();
    if (b instanceof Block.Contact c) return "contact " + c.name();
    return b.toString();
  }
}
