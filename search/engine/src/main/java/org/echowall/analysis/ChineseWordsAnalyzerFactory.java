package org.echowall.analysis;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cjk.CJKWidthFilter;
import org.apache.lucene.analysis.cn.smart.HMMChineseTokenizer;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.AnalyzerFactory;

/**
 * {@code echowall_chinese_words}: echowall_t2s -> smartcn words -> cjk_width -> lowercase
 * -> smartcn stop set (punctuation).
 */
@NamedComponent("echowall_chinese_words")
public class ChineseWordsAnalyzerFactory implements AnalyzerFactory {

    @Override
    public Analyzer create() {
        return new ChineseWordsAnalyzer();
    }

    static final class ChineseWordsAnalyzer extends FoldedChineseAnalyzer {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer tokenizer = new HMMChineseTokenizer();
            TokenStream stream = new CJKWidthFilter(tokenizer);
            stream = new LowerCaseFilter(stream);
            stream = new StopFilter(stream, SmartChineseAnalyzer.getDefaultStopSet());
            return new TokenStreamComponents(tokenizer, stream);
        }
    }
}
