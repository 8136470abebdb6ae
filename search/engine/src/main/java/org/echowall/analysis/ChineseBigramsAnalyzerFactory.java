package org.echowall.analysis;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.cjk.CJKWidthFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.AnalyzerFactory;

/**
 * {@code echowall_chinese_bigrams}: echowall_t2s -> standard tokenizer -> cjk_width -> lowercase
 * -> CJK bigrams (no unigrams). The same chain as Elasticsearch's {@code cjk} analyzer, minus
 * English stop words, plus traditional -> simplified folding.
 */
@NamedComponent("echowall_chinese_bigrams")
public class ChineseBigramsAnalyzerFactory implements AnalyzerFactory {

    @Override
    public Analyzer create() {
        return new ChineseBigramsAnalyzer();
    }

    static final class ChineseBigramsAnalyzer extends FoldedChineseAnalyzer {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            StandardTokenizer tokenizer = new StandardTokenizer();
            TokenStream stream = new CJKWidthFilter(tokenizer);
            stream = new LowerCaseFilter(stream);
            stream = new CJKBigramFilter(stream);
            return new TokenStreamComponents(tokenizer, stream);
        }
    }
}
