package org.paperlessroom.minutes;

import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * The secretary's text with simple formatting (paragraphs, lists, bold, italics) as Markdown,
 * rendered to (X)HTML that cannot carry anything else: raw HTML is escaped, and links and images
 * become their plain text (minutes point nowhere and nothing is fetched while making the PDF).
 */
final class MinutesMarkdown {
  private static final Parser PARSER = Parser.builder().build();
  private static final HtmlRenderer RENDERER = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();

  private MinutesMarkdown() {
  }

  static String html(String markdown) {
    Node document = PARSER.parse(markdown == null ? "" : markdown);
    document.accept(new AbstractVisitor() {
      @Override
      public void visit(Link link) {
        unwrap(link);
      }

      @Override
      public void visit(Image image) {
        StringBuilder alt = new StringBuilder();
        image.accept(new AbstractVisitor() {
          @Override
          public void visit(Text text) {
            alt.append(text.getLiteral());
          }
        });
        image.insertBefore(new Text(alt.toString()));
        image.unlink();
      }

      private void unwrap(Node node) {
        visitChildren(node);
        Node child = node.getFirstChild();
        while (child != null) {
          Node next = child.getNext();
          node.insertBefore(child);
          child = next;
        }
        node.unlink();
      }
    });
    return RENDERER.render(document);
  }
}
