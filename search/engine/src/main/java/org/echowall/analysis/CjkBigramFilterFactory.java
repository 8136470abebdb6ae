package org.echowall.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.elasticsearch.plugin.Inject;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/**
 * {@code echowall_cjk_bigram}: joins adjacent CJK characters produced by the
 * {@code standard} tokenizer into bigrams (option {@code output_unigrams}, default false).
 */
@NamedComponent("echowall_cjk_bigram")
public class CjkBigramFilterFactory implements TokenFilterFactory {

    private final boolean outputUnigrams;

    @Inject
    public CjkBigramFilterFactory(CjkBigramSettings settings) {
        this.outputUnigrams = settings.outputUnigrams();
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return new CJKBigramFilter(
            tokenStream,
            CJKBigramFilter.HAN | CJKBigramFilter.HIRAGANA | CJKBigramFilter.KATAKANA | CJKBigramFilter.HANGUL,
            outputUnigrams
        );
    }
}
