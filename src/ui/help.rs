//! The help overlay: every key.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::theme::Theme;
use crate::app::App;
use crate::app::keymap::HELP;

pub fn draw(frame: &mut Frame, app: &App, theme: Theme) {
    let area = app.screen.area;
    let width = area.width.saturating_sub(4).min(78);
    let height = area.height.saturating_sub(2);
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + 1,
        width,
        height,
    };
    let mut lines = Vec::new();
    for (group, keys) in HELP {
        lines.push(Line::styled(*group, theme.title()));
        for (key, what) in *keys {
            lines.push(Line::from(vec![
                Span::styled(format!("  {key:<18}"), theme.key()),
                Span::raw(*what),
            ]));
        }
        lines.push(Line::raw(""));
    }
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((app.help_scroll as u16, 0))
            .block(
                Block::bordered()
                    .title(" Help ")
                    .title_bottom(" j/k scroll · Esc close ")
                    .border_style(theme.border(true)),
            ),
        popup,
    );
}
