//! A horizontal bar chart drawn as the page's own SVG, with the same numbers as a table. Long
//! labels (file paths) are cut to what tells them apart (`page_state::chart_labels`), with the
//! full text in a tooltip, in the chart's description and in the table.

use solution_inspector::page_state::chart_labels::distinct_labels;
use yew::prelude::*;

use crate::format;

#[derive(Properties, PartialEq)]
pub struct BarChartProps {
    /// Used to make the ids of the chart's title and description unique.
    pub id: AttrValue,
    pub title: AttrValue,
    /// What a bar counts, for the table header ("Components").
    pub value_label: AttrValue,
    /// What the first column of the table is ("Kind", "File").
    #[prop_or(AttrValue::Static("Kind"))]
    pub label_heading: AttrValue,
    pub bars: Vec<(String, u64)>,
    /// Values are byte sizes (written as `12.3 KB`), not counts.
    #[prop_or_default]
    pub bytes: bool,
}

/// The most characters of a bar's label (more are cut in the middle, `distinct_labels`).
pub const LABEL_CHARS: usize = 36;

const ROW: f64 = 26.0;
/// Room for `LABEL_CHARS` characters of the labels' font.
const LABEL_WIDTH: f64 = 300.0;
const BAR_WIDTH: f64 = 330.0;
const WIDTH: f64 = LABEL_WIDTH + BAR_WIDTH + 70.0;

#[component]
pub fn BarChart(props: &BarChartProps) -> Html {
    let largest = props
        .bars
        .iter()
        .map(|(_, value)| *value)
        .max()
        .unwrap_or(0)
        .max(1);
    let height = ROW * props.bars.len() as f64 + 8.0;
    let (title_id, desc_id) = (format!("{}-title", props.id), format!("{}-desc", props.id));
    let write = |value: u64| {
        if props.bytes {
            format::bytes(value)
        } else {
            format::count(value as usize)
        }
    };
    let labels = distinct_labels(
        &props
            .bars
            .iter()
            .map(|(label, _)| label.as_str())
            .collect::<Vec<_>>(),
        LABEL_CHARS,
    );
    let summary = props
        .bars
        .iter()
        .map(|(label, value)| format!("{label}: {}", write(*value)))
        .collect::<Vec<_>>()
        .join("; ");
    html! {
        <figure class="chart">
            <svg viewBox={format!("0 0 {WIDTH} {height}")} role="img"
                aria-labelledby={format!("{title_id} {desc_id}")} class="bar-chart">
                <title id={title_id}>{ props.title.clone() }</title>
                <desc id={desc_id}>{ summary }</desc>
                { for props.bars.iter().zip(&labels).enumerate().map(|(row, ((label, value), short))| {
                    let y = ROW * row as f64 + 4.0;
                    let width = (BAR_WIDTH * *value as f64 / largest as f64).max(2.0);
                    html! {
                        <g>
                            <text x={(LABEL_WIDTH - 8.0).to_string()} y={(y + ROW * 0.62).to_string()}
                                class="bar-label" text-anchor="end" data-testid="bar-label">
                                <title>{ label.clone() }</title>{ short.clone() }
                            </text>
                            <rect x={LABEL_WIDTH.to_string()} y={(y + 3.0).to_string()}
                                width={width.to_string()} height={(ROW - 8.0).to_string()}
                                rx="3" class="bar" />
                            <text x={(LABEL_WIDTH + width + 6.0).to_string()} y={(y + ROW * 0.62).to_string()}
                                class="bar-value">{ write(*value) }</text>
                        </g>
                    }
                }) }
            </svg>
            <figcaption>
                <details>
                    <summary>{ format!("{} as a table", props.title) }</summary>
                    <table class="data">
                        <thead><tr><th scope="col">{ props.label_heading.clone() }</th><th scope="col" class="number">{ props.value_label.clone() }</th></tr></thead>
                        <tbody>
                            { for props.bars.iter().map(|(label, value)| html! {
                                <tr><th scope="row" class="path">{ label.clone() }</th><td class="number">{ write(*value) }</td></tr>
                            }) }
                        </tbody>
                    </table>
                </details>
            </figcaption>
        </figure>
    }
}
