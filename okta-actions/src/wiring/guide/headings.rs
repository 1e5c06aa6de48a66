//! The headings Okta's provisioning test plan requires of a configuration guide (case C9299),
//! and which of them a Markdown document lacks.

/// The headings a configuration guide must have, in the order the generated guide writes them
/// (Okta's provisioning test plan, case C9299).
pub const REQUIRED_HEADINGS: &[&str] = &[
    "Supported Features",
    "Requirements",
    "Configuration Steps",
    "Attributes and Mapping",
    "Known Issues/Troubleshooting",
];

/// The [`REQUIRED_HEADINGS`] a Markdown guide lacks, in that order; empty when it has them all.
///
/// A heading counts at any level, written `## Title` (ATX) or underlined with `=` or `-`
/// (setext), outside fenced code blocks. The comparison ignores case, whitespace and emphasis
/// marks, so `## Known issues / troubleshooting` and `### **Requirements**` count.
///
/// ```
/// use okta_actions::wiring::guide::missing_headings;
/// let guide = "# Acme\n\n## Supported features\n\nRequirements\n------------\n\n```\n## Configuration Steps\n```\n";
/// assert_eq!(
///     missing_headings(guide),
///     ["Configuration Steps", "Attributes and Mapping", "Known Issues/Troubleshooting"]
/// );
/// ```
pub fn missing_headings(markdown: &str) -> Vec<&'static str> {
    let present: Vec<String> = headings(markdown).into_iter().map(normalise).collect();
    REQUIRED_HEADINGS
        .iter()
        .copied()
        .filter(|required| !present.contains(&normalise(required)))
        .collect()
}

/// The text of every heading outside fenced code blocks.
fn headings(markdown: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut fence: Option<&str> = None;
    let mut previous: Option<&str> = None;
    for line in markdown.lines() {
        let indented = line.len() - line.trim_start().len();
        let text = line.trim();
        if let Some(open) = fence {
            if indented < 4 && text.starts_with(open) {
                fence = None;
            }
            previous = None;
            continue;
        }
        if indented < 4 && (text.starts_with("```") || text.starts_with("~~~")) {
            fence = Some(&text[..3]);
            previous = None;
            continue;
        }
        if indented < 4 {
            if let Some(title) = atx(text) {
                found.push(title);
                previous = None;
                continue;
            }
            if let Some(title) = previous.filter(|_| is_setext_underline(text)) {
                found.push(title);
                previous = None;
                continue;
            }
        }
        previous = paragraph_line(text, indented);
    }
    found
}

/// `## Title ##` → `Title`.
fn atx(text: &str) -> Option<&str> {
    let level = text.bytes().take_while(|b| *b == b'#').count();
    let rest = &text[level..];
    if !(1..=6).contains(&level) || !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    Some(rest.trim().trim_end_matches('#').trim_end())
}

/// A line of only `=` or only `-`.
fn is_setext_underline(text: &str) -> bool {
    !text.is_empty() && (text.bytes().all(|b| b == b'=') || text.bytes().all(|b| b == b'-'))
}

/// The line, when it can be the text of a setext heading: a plain paragraph line, not a list
/// item, quote or table row.
fn paragraph_line(text: &str, indented: usize) -> Option<&str> {
    let block_start = text.starts_with(['-', '*', '+', '>', '|'])
        || text
            .split_once(['.', ')'])
            .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    (!text.is_empty() && indented < 4 && !block_start).then_some(text)
}

/// Lower case, without whitespace or emphasis marks.
fn normalise(heading: &str) -> String {
    heading
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '_' | '`'))
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_of_heading_counts_and_code_and_prose_do_not() {
        let guide = "\
Supported Features
==================

## requirements ##
###   Configuration   steps
#### **Attributes and Mapping**
- Known Issues/Troubleshooting
---
";
        assert_eq!(missing_headings(guide), ["Known Issues/Troubleshooting"]);
        assert_eq!(missing_headings("#Requirements\n"), REQUIRED_HEADINGS);
        assert_eq!(
            missing_headings("~~~\n# Requirements\n~~~\n    # Requirements\n"),
            REQUIRED_HEADINGS
        );
        assert!(missing_headings("## Known issues / troubleshooting\n").len() == 4);
    }
}
