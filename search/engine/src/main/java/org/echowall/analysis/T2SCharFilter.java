package org.echowall.analysis;

import org.apache.lucene.analysis.CharFilter;

import java.io.IOException;
import java.io.Reader;

/**
 * Replaces traditional Chinese characters by simplified ones (and optionally
 * folds full-width ASCII to half-width). Every substitution is one UTF-16 unit
 * for one, so offsets never need correcting.
 */
public final class T2SCharFilter extends CharFilter {

    private final boolean foldWidth;

    public T2SCharFilter(Reader in, boolean foldWidth) {
        super(in);
        this.foldWidth = foldWidth;
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        int n = input.read(cbuf, off, len);
        for (int i = off; i < off + n; i++) {
            char c = T2STable.map(cbuf[i]);
            cbuf[i] = foldWidth ? T2STable.foldWidth(c) : c;
        }
        return n;
    }

    @Override
    public int read() throws IOException {
        int c = input.read();
        if (c < 0) {
            return c;
        }
        char m = T2STable.map((char) c);
        return foldWidth ? T2STable.foldWidth(m) : m;
    }

    @Override
    protected int correct(int currentOff) {
        return currentOff;
    }
}
