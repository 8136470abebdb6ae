package org.echowall.analysis;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.AnalyzerFactory;

import java.io.Reader;

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

    static final class ChineseKeywordAnalyzer extends Analyzer {
        @Override
        protected Reader initReader(String fieldName, Reader reader) {
            return new T2SCharFilter(reader, true);
        }

        @Override
        protected Reader initReaderForNormalization(String fieldName, Reader reader) {
            return new T2SCharFilter(reader, true);
        }

        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer tokenizer = new KeywordTokenizer();
            return new TokenStreamComponents(tokenizer, new LowerCaseFilter(tokenizer));
        }

        @Override
        protected TokenStream normalize(String fieldName, TokenStream in) {
            return new LowerCaseFilter(in);
        }
    }
}
