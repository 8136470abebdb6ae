package org.echowall.analysis;

import org.elasticsearch.plugin.settings.AnalysisSettings;
import org.elasticsearch.plugin.settings.BooleanSetting;

/** Settings of the {@code echowall_t2s} char filter. */
@AnalysisSettings
public interface T2SSettings {
    /** Also fold full-width ASCII (Ａ１，) and U+3000 to half-width. */
    @BooleanSetting(path = "fold_width", defaultValue = true)
    boolean foldWidth();
}
