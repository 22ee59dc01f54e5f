package dev.align4j.examples.jpms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code alignment-bom} manages exactly the published modules (every {@code alignment-*} module of the build except
 * the BOM itself and this check), each at the project's version, and has no parent, so that importing it brings
 * align4j's artifacts and none of the build's third-party pins.
 */
class BomTest {
  private static final Path ROOT = Path.of("..");

  @Test
  void bomManagesExactlyThePublishedModules() throws Exception {
    Document root = parse(ROOT.resolve("pom.xml"));
    Set<String> published = new TreeSet<>();
    for (String module : texts(root.getDocumentElement(), "module")) {
      boolean notPublished = module.equals("alignment-bom");
      if (module.startsWith("alignment-") && !notPublished) {
        published.add(module);
      }
    }
    assertTrue(published.size() >= 6, "published modules: " + published);

    Document bom = parse(ROOT.resolve("alignment-bom").resolve("pom.xml"));
    Element project = bom.getDocumentElement();
    assertEquals(
        0,
        project.getElementsByTagName("parent").getLength(),
        "the BOM must not inherit the parent's pins");
    String projectVersion = texts(root.getDocumentElement(), "version").get(0);
    assertEquals(projectVersion, texts(project, "version").get(0), "BOM version");

    Set<String> managed = new TreeSet<>();
    NodeList deps = project.getElementsByTagName("dependency");
    for (int i = 0; i < deps.getLength(); i++) {
      Element d = (Element) deps.item(i);
      assertEquals("dev.align4j", texts(d, "groupId").get(0));
      assertEquals(
          "${project.version}", texts(d, "version").get(0), "version of " + texts(d, "artifactId"));
      managed.add(texts(d, "artifactId").get(0));
    }
    assertEquals(published, managed);
  }

  private static Document parse(Path pom) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(Files.newInputStream(pom));
  }

  /** The text of the direct children of {@code parent} (or, for "module", of its modules element) named {@code tag}. */
  private static List<String> texts(Element parent, String tag) {
    List<String> out = new ArrayList<>();
    NodeList all = parent.getElementsByTagName(tag);
    for (int i = 0; i < all.getLength(); i++) {
      Element e = (Element) all.item(i);
      Element p = (Element) e.getParentNode();
      if (p == parent || (tag.equals("module") && p.getTagName().equals("modules"))) {
        out.add(e.getTextContent().trim());
      }
    }
    return out;
  }
}
