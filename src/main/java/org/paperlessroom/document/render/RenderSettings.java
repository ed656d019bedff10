package org.paperlessroom.document.render;

import java.nio.file.Path;
import java.time.Duration;

/** Limits for rendering; from configuration, documented in the README. */
public record RenderSettings(int workers, int workerHeapMb, Path tmpRoot, int maxPages, long maxPixelsPerPage,
                             Duration pageTimeout, Duration documentTimeout, Duration openTimeout) {
}
