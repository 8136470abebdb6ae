package org.echowall.analysis;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cjk.CJKWidthFilter;

import java.io.Reader;

/**
 * The folding every project analyzer shares: traditional -> simplified and full-width ->
 * half-width before tokenizing, width folding and lower-casing when normalizing (e.g. for
 * prefix and fuzzy queries). Subclasses only choose their token chain.
 */
abstract class FoldedChineseAnalyzer extends Analyzer {

    @Override
    protected Reader initReader(String fieldName, Reader reader) {
        return new T2SCharFilter(reader, true);
    }

    @Override
    protected Reader initReaderForNormalization(String fieldName, Reader reader) {
        return new T2SCharFilter(reader, true);
    }

    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
        return new LowerCaseFilter(new CJKWidthFilter(in));
    }
}
