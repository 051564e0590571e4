//! The common output of every format reader: paragraph-level raw blocks of
//! text, each with its map back to the source text, before cleaning.

use chronicle_core::MappedText;

/// What the markup (or layout) says a raw block is. Cleaning decides the final
/// [`chronicle_core::BlockKind`] from this hint and from the text itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockHint {
    /// An ordinary paragraph, or a line of a plain-text file.
    Paragraph,
    /// A heading (`<h2>`, `## …`).
    Heading,
    /// An item of a list (`<li>`, `- …`, `1. …`).
    ListItem,
    /// A table cell, caption or figure caption: layout rather than prose.
    Cell,
    /// Preformatted text or code.
    Preformatted,
    /// A block quotation.
    Quote,
}

/// One paragraph-level block as read from the source, not yet cleaned.
#[derive(Debug, Clone, PartialEq)]
pub struct RawBlock {
    /// The block's text: markup removed, entities decoded, whitespace runs
    /// (including line breaks inside the block) collapsed to single spaces
    /// and trimmed; every byte mapped back to the source text.
    pub text: MappedText,
    pub hint: BlockHint,
    /// The number the markup gives an item of an ordered list (`<ol><li>`),
    /// which a reference list's entries take as their labels.
    pub number: Option<u32>,
}

/// What a format reader returns.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parsed {
    /// A title the markup declares (`<title>`, the first `# heading`).
    pub title: Option<String>,
    pub blocks: Vec<RawBlock>,
}
