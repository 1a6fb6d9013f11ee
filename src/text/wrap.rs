use std::ops::Range;
pub struct VisualLine {
    pub range: Range<usize>,
    pub width: u16,
}
pub fn display_width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}
pub fn wrap(text: &str, width: u16) -> Vec<VisualLine> {
    let mut out = Vec::new();
    let mut pos = 0;
    for line in text.split('\n') {
        let w = width.max(1) as usize;
        let mut s = pos;
        let chars: Vec<(usize, char)> = line.char_indices().collect();
        if chars.is_empty() {
            out.push(VisualLine {
                range: pos..pos,
                width: 0,
            });
        }
        let mut i = 0;
        while i < chars.len() {
            let end = (i + w).min(chars.len());
            let e = if end == chars.len() {
                line.len()
            } else {
                chars[end].0
            };
            out.push(VisualLine {
                range: pos + chars[i].0..pos + e,
                width: 0,
            });
            i = end;
            s = e;
        }
        let _ = s;
        pos += line.len() + 1;
    }
    out
}
