//! The plain-text reader: one block per line, except where a group of lines
//! between blank lines is hard-wrapped prose, which becomes one block.

use chronicle_core::MappedTextBuilder;

use crate::blocks::{BlockHint, Parsed, RawBlock};

/// Lines of a wrapped paragraph are at most this many characters long...
const WRAP_MAX_CHARS: usize = 100;
/// ...and on average at least this long.
const WRAP_MIN_MEAN_CHARS: usize = 40;

/// Reads plain text. Block text is the line with its line break removed; the
/// cleaning stage collapses whitespace.
pub fn read_text(src: &str) -> Parsed {
    let lines = split_lines(src);
    let mut blocks = Vec::new();
    let mut group: Vec<(usize, &str)> = Vec::new();
    for (start, line) in lines {
        if line.trim().is_empty() {
            flush(&mut group, &mut blocks);
        } else {
            group.push((start, line));
        }
    }
    flush(&mut group, &mut blocks);
    Parsed {
        title: None,
        blocks,
    }
}

/// Lines without their terminators, with their start offsets.
fn split_lines(src: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in src.bytes().enumerate() {
        if b == b'\n' {
            let line = &src[start..i];
            out.push((start, line.strip_suffix('\r').unwrap_or(line)));
            start = i + 1;
        }
    }
    if start < src.len() {
        let line = &src[start..];
        out.push((start, line.strip_suffix('\r').unwrap_or(line)));
    }
    out
}

fn flush(group: &mut Vec<(usize, &str)>, blocks: &mut Vec<RawBlock>) {
    if group.is_empty() {
        return;
    }
    if is_wrapped(group) {
        let mut b = MappedTextBuilder::new(group[0].0);
        for (i, (start, line)) in group.iter().enumerate() {
            if i > 0 {
                let prev_end = group[i - 1].0 + group[i - 1].1.len();
                b.push_replace(" ", prev_end..*start);
            }
            b.push_copy(line, *start);
        }
        blocks.push(RawBlock {
            text: b.finish(),
            hint: BlockHint::Paragraph,
            number: None,
        });
    } else {
        for (start, line) in group.iter() {
            let mut b = MappedTextBuilder::new(*start);
            b.push_copy(line, *start);
            blocks.push(RawBlock {
                text: b.finish(),
                hint: BlockHint::Paragraph,
                number: None,
            });
        }
    }
    group.clear();
}

/// A group is hard-wrapped prose when it has several lines, none of the lines
/// but the last is long, they are long enough on average to be prose, and no
/// line starts like a list item.
fn is_wrapped(group: &[(usize, &str)]) -> bool {
    if group.len() < 2 {
        return false;
    }
    let body = &group[..group.len() - 1];
    let lens: Vec<usize> = body
        .iter()
        .map(|(_, l)| l.trim_end().chars().count())
        .collect();
    let max = lens.iter().copied().max().unwrap_or(0);
    let mean = lens.iter().sum::<usize>() / lens.len();
    if max > WRAP_MAX_CHARS || mean < WRAP_MIN_MEAN_CHARS {
        return false;
    }
    if group
        .last()
        .is_some_and(|(_, l)| l.chars().count() > WRAP_MAX_CHARS)
    {
        return false;
    }
    !group.iter().any(|(_, l)| starts_like_list_item(l))
}

fn starts_like_list_item(line: &str) -> bool {
    let t = line.trim_start();
    if t.starts_with(['-', '*', '•', '^', '–', '—']) {
        return true;
    }
    let digits = t.bytes().take_while(|b| b.is_ascii_digit()).count();
    digits > 0 && digits <= 3 && matches!(t.as_bytes().get(digits), Some(b'.') | Some(b')'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_block_per_line_for_long_lines() {
        let long_a = "a ".repeat(80);
        let long_b = "б ".repeat(80);
        let src = format!("Title\r\n\n{long_a}\n{long_b}\n\n  \nlast");
        let p = read_text(&src);
        let texts: Vec<&str> = p.blocks.iter().map(|b| b.text.text()).collect();
        assert_eq!(texts, ["Title", long_a.as_str(), long_b.as_str(), "last"]);
        let s = p.blocks[2].text.source_span();
        assert_eq!(&src[s.start..s.end], long_b);
    }

    #[test]
    fn hard_wrapped_paragraphs_are_joined() {
        let src = "The delegates arrived in the city late in the\nevening and went straight to the hall where\nthe assembly was waiting.\n\nNext paragraph.\n";
        let p = read_text(src);
        assert_eq!(p.blocks.len(), 2);
        assert_eq!(
            p.blocks[0].text.text(),
            "The delegates arrived in the city late in the evening and went straight to the hall where the assembly was waiting."
        );
        let t = p.blocks[0].text.text();
        let i = t.find("evening").unwrap();
        let s = p.blocks[0].text.span_to_source(i..i + 7);
        assert_eq!(&src[s.start..s.end], "evening");
    }

    #[test]
    fn lists_and_short_lines_are_not_joined() {
        let src = "1. The first item of the numbered list is here\n2. The second item of the numbered list is here\n";
        assert_eq!(read_text(src).blocks.len(), 2);
        let src = "Location\nResult\nBelligerents\n";
        assert_eq!(read_text(src).blocks.len(), 3);
    }
}
