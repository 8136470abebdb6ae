package org.echowall.analysis;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.AnalyzerFactory;

/**
 * {@code echowall_chinese_keyword}: echowall_t2s (incl. width folding) -> whole input as one token
 * -> lowercase. Meant for {@code completion} fields and exact matching: 小區停車 and 小区停车 and
 * ＡＢＣ / abc collapse to the same form.
 */
@NamedComponent("echowall_chinese_keyword")
public class ChineseKeywordAnalyzerFactory implements AnalyzerFactory {

    @Override
    public Analyzer create() {
        return new ChineseKeywordAnalyzer();
    }

    static final class ChineseKeywordAnalyzer extends FoldedChineseAnalyzer {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer tokenizer = new KeywordTokenizer();
            return new TokenStreamComponents(tokenizer, new LowerCaseFilter(tokenizer));
        }
    }
}
