package dev.piecemill.jobs.report;

/** Text and attribute values for the HTML page and its inline SVG. */
final class Xml {
    private Xml() {}

    /**
     * Escapes markup characters. Characters XML forbids (most controls, unpaired surrogates) become U+FFFD:
     * labels come from folder names, and one bad character would make the whole SVG invalid.
     */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(c).append(s.charAt(++i));
                continue;
            }
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(allowed(c) ? c : '\uFFFD');
            }
        }
        return b.toString();
    }

    private static boolean allowed(char c) {
        if (c < 0x20) {
            return c == '\t' || c == '\n' || c == '\r';
        }
        return !Character.isSurrogate(c) && c != 0xFFFE && c != 0xFFFF;
    }
}
