package io.realdb.report.html;

/** Text made safe for HTML element content and attribute values. */
final class Html {

    private Html() {
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A link only for http(s) addresses: a report never links {@code javascript:} or files. */
    static String link(String url, String text) {
        if (url != null && (url.startsWith("https://") || url.startsWith("http://"))) {
            return "<a href=\"" + escape(url) + "\">" + escape(text) + "</a>";
        }
        return escape(text);
    }

    /** JSON that can stand inside a script element: no {@code <} that could close it. */
    static String scriptJson(String json) {
        return json.replace("<", "\\u003c");
    }

    /** JavaScript that can stand inside a script element. */
    static String scriptSource(String source) {
        return source.replace("</script", "<\\/script");
    }
}
