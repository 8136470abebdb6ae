package org.echowall.analysis;

import org.elasticsearch.plugin.settings.AnalysisSettings;
import org.elasticsearch.plugin.settings.BooleanSetting;

/** Settings of the {@code echowall_cjk_bigram} token filter. */
@AnalysisSettings
public interface CjkBigramSettings {
    /** Emit the single characters as well as the bigrams. */
    @BooleanSetting(path = "output_unigrams", defaultValue = false)
    boolean outputUnigrams();
}
