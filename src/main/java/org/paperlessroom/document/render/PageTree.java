package org.paperlessroom.document.render;

import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.pdmodel.PDDocument;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The pages of a document found by walking its page tree ourselves, without trusting {@code /Count}:
 * iterative (a 5,000-deep tree cannot overflow the stack), cycle-safe, and stopping past the limit.
 */
final class PageTree {
  /** Attributes a page inherits from its ancestors (PDF 32000 7.7.3.4). */
  static final List<COSName> INHERITABLE = List.of(COSName.RESOURCES, COSName.MEDIA_BOX, COSName.CROP_BOX, COSName.ROTATE);

  private PageTree() {
  }

  static final class TooManyPages extends Exception {
    TooManyPages(int limit) {
      super("The document has more than " + limit + " pages.");
    }
  }

  /** The page dictionaries in reading order, each with its inherited attributes copied in. */
  static List<COSDictionary> pages(PDDocument document, int limit) throws TooManyPages {
    COSDictionary root = document.getDocumentCatalog().getCOSObject().getCOSDictionary(COSName.PAGES);
    if (root == null) {
      return List.of();
    }
    List<COSDictionary> pages = new ArrayList<>();
    Set<COSDictionary> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Frame> stack = new ArrayDeque<>();
    stack.push(new Frame(root, inheritedFrom(null, root)));
    seen.add(root);
    while (!stack.isEmpty()) {
      Frame frame = stack.pop();
      COSDictionary node = frame.node;
      COSArray kids = node.getCOSArray(COSName.KIDS);
      boolean isPage = COSName.PAGE.equals(node.getCOSName(COSName.TYPE)) || (kids == null && node != root);
      if (isPage) {
        for (COSName key : INHERITABLE) {
          if (!node.containsKey(key) && frame.inherited.getDictionaryObject(key) != null) {
            node.setItem(key, frame.inherited.getDictionaryObject(key));
          }
        }
        pages.add(node);
        if (pages.size() > limit) {
          throw new TooManyPages(limit);
        }
        continue;
      }
      if (kids == null) {
        continue;
      }
      COSDictionary inherited = inheritedFrom(frame.inherited, node);
      for (int i = kids.size() - 1; i >= 0; i--) {
        COSBase kid = kids.get(i);
        if (kid instanceof COSObject object) {
          kid = object.getObject();
        }
        if (kid instanceof COSDictionary child && seen.add(child)) {
          stack.push(new Frame(child, inherited));
        }
      }
    }
    return pages;
  }

  private record Frame(COSDictionary node, COSDictionary inherited) {
  }

  private static COSDictionary inheritedFrom(COSDictionary parentInherited, COSDictionary node) {
    COSDictionary out = new COSDictionary();
    if (parentInherited != null) {
      out.addAll(parentInherited);
    }
    for (COSName key : INHERITABLE) {
      if (node.getDictionaryObject(key) != null) {
        out.setItem(key, node.getDictionaryObject(key));
      }
    }
    return out;
  }
}
