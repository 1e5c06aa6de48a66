//! Escaping of model text for each output: terminal, Markdown, HTML and XML.
//!
//! Check reasons and evidence may quote what a vendor answered, so every renderer treats model
//! text as untrusted: control characters (which could drive a terminal or break XML) and
//! bidirectional overrides (which could make text read differently than it is) are shown as
//! visible `\u{…}` escapes.

use std::fmt::Write as _;

/// Whether the character must not reach the output as is.
fn is_hidden(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Appends `\u{…}` for the character.
fn push_visible_escape(out: &mut String, c: char) {
    let _ = write!(out, "\\u{{{:x}}}", c as u32);
}

/// The text on one line: line breaks and tabs become spaces, other control characters visible
/// escapes.
pub(super) fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if is_hidden(c) => push_visible_escape(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

/// The text's lines (split at `\n`, `\r\n` or `\r`), each made safe with [`one_line`].
pub(super) fn lines(text: &str) -> Vec<String> {
    text.split('\n')
        .flat_map(|line| line.strip_suffix('\r').unwrap_or(line).split('\r'))
        .map(one_line)
        .collect()
}

/// Text for HTML element content or a quoted attribute value.
pub(super) fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(c),
            c if is_hidden(c) => push_visible_escape(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

/// Text for XML element content (`attribute == false`) or a quoted attribute value. Characters
/// XML 1.0 forbids become visible escapes; in attributes, line breaks and tabs become character
/// references so that parsers keep them.
fn xml(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\'' if attribute => out.push_str("&apos;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\r' if attribute => out.push_str("&#13;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' | '\r' | '\t' => out.push(c),
            '\u{FFFE}' | '\u{FFFF}' => push_visible_escape(&mut out, c),
            c if is_hidden(c) => push_visible_escape(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

/// Text for XML element content.
pub(super) fn xml_text(text: &str) -> String {
    xml(text, false)
}

/// Text for a double-quoted XML attribute value.
pub(super) fn xml_attr(text: &str) -> String {
    xml(text, true)
}

/// Prose for Markdown: on one line, with every character Markdown (or the HTML it allows)
/// could read as syntax escaped by a backslash, `|` included so the text is safe in tables.
pub(super) fn md_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in one_line(text).chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~' | '#' | '!'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A Markdown code span of the text, on one line, fenced with more backticks than the text
/// holds in a row, and with `|` escaped so the span is safe in a table cell (GFM removes the
/// backslash inside tables; outside them, call [`md_code_prose`]).
pub(super) fn md_code(text: &str) -> String {
    code_span(text, true)
}

/// A Markdown code span of the text for use outside tables.
pub(super) fn md_code_prose(text: &str) -> String {
    code_span(text, false)
}

fn code_span(text: &str, in_table: bool) -> String {
    let text = one_line(text);
    let longest_run = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') || text.trim().is_empty() {
        " "
    } else {
        ""
    };
    let body = if in_table {
        text.replace('|', "\\|")
    } else {
        text
    };
    format!("{fence}{pad}{body}{pad}{fence}")
}

/// Pads the text with spaces to `width` characters.
pub(super) fn pad(text: &str, width: usize) -> String {
    let len = text.chars().count();
    let mut out = String::with_capacity(text.len() + width.saturating_sub(len));
    out.push_str(text);
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(len)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_characters_become_visible() {
        assert_eq!(one_line("a\u{1b}[31mb\nc"), "a\\u{1b}[31mb c");
        assert_eq!(one_line("x\u{202E}y"), "x\\u{202e}y");
        assert_eq!(lines("a\r\nb\rc\nd"), ["a", "b", "c", "d"]);
    }

    #[test]
    fn html_and_xml_escape_the_markup_characters() {
        assert_eq!(
            html(r#"<a href="x">&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(xml_attr("a\"b\nc<"), "a&quot;b&#10;c&lt;");
        assert_eq!(xml_text("a\"b\nc<\u{0}"), "a\"b\nc&lt;\\u{0}");
    }

    #[test]
    fn markdown_code_spans_outfence_backticks() {
        assert_eq!(md_code("a|b"), "`a\\|b`");
        assert_eq!(md_code_prose("a``b"), "```a``b```");
        assert_eq!(md_code_prose("`x"), "`` `x ``");
        assert_eq!(md_text("a|b *c* <d>"), "a\\|b \\*c\\* \\<d\\>");
    }
}
