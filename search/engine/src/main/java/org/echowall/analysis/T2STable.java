package org.echowall.analysis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Character-level traditional -> simplified Chinese table built from OpenCC's
 * {@code TSCharacters.txt} (Apache-2.0), shipped as a resource of this jar.
 *
 * <p>Only one-UTF-16-unit to one-UTF-16-unit mappings are kept so that a char
 * filter can substitute in place without offset corrections; for characters
 * with several candidates the first (most common) one is used.
 */
final class T2STable {

    static final String RESOURCE = "TSCharacters.txt";

    private static final char[] TABLE = load();

    private T2STable() {}

    /** Returns the simplified form of {@code c}, or {@code c} itself. */
    static char map(char c) {
        return TABLE[c];
    }

    /** Full-width ASCII (U+FF01..U+FF5E) and ideographic space (U+3000) to half-width. */
    static char foldWidth(char c) {
        if (c >= '\uFF01' && c <= '\uFF5E') {
            return (char) (c - 0xFEE0);
        }
        if (c == '\u3000') {
            return ' ';
        }
        return c;
    }

    private static char[] load() {
        char[] table = new char[Character.MAX_VALUE + 1];
        for (int i = 0; i < table.length; i++) {
            table[i] = (char) i;
        }
        // Relative resource of this class's package: readable from inside the plugin's own module/loader.
        try (InputStream in = T2STable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                int tab = line.indexOf('\t');
                if (tab != 1) {
                    continue; // key is not a single BMP char (or malformed/comment)
                }
                String value = line.substring(tab + 1).trim();
                int space = value.indexOf(' ');
                if (space >= 0) {
                    value = value.substring(0, space);
                }
                if (value.length() != 1) {
                    continue; // target outside the BMP: would change offsets, skip
                }
                table[line.charAt(0)] = value.charAt(0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return table;
    }
}
