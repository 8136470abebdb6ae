package org.echowall.analysis;

import org.elasticsearch.plugin.Inject;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.CharFilterFactory;

import java.io.Reader;

/** {@code echowall_t2s}: traditional -> simplified Chinese, full-width -> half-width ASCII. */
@NamedComponent("echowall_t2s")
public class T2SCharFilterFactory implements CharFilterFactory {

    private final boolean foldWidth;

    @Inject
    public T2SCharFilterFactory(T2SSettings settings) {
        this.foldWidth = settings.foldWidth();
    }

    @Override
    public Reader create(Reader reader) {
        return new T2SCharFilter(reader, foldWidth);
    }

    /** Also used for normalizers / term-level queries (keyword fields, prefix, wildcard). */
    @Override
    public Reader normalize(Reader reader) {
        return create(reader);
    }
}
