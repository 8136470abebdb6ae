package org.echowall.analysis;

import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenizerFactory;

/**
 * {@code echowall_keyword}: the whole input as one token. The core server (without
 * {@code analysis-common}) has no {@code keyword} tokenizer, only {@code standard}.
 */
@NamedComponent("echowall_keyword")
public class KeywordTokenizerFactory implements TokenizerFactory {
    @Override
    public Tokenizer create() {
        return new KeywordTokenizer();
    }
}
