//! The package's weight against the target's upload limit: the zip and its heaviest
//! files (compressed, as uploaded) as bars on one scale, the limit drawn across them.

use yew::prelude::*;

use solution_inspector::page_state::chart_labels::distinct_labels;

use crate::bar_chart::LABEL_CHARS;
use crate::format;

#[derive(Properties, PartialEq)]
pub struct UploadLimitChartProps {
    /// Zip size and (file, compressed size) rows, heaviest first.
    pub zip_size: u64,
    pub files: Vec<(String, u64)>,
    pub limit: u64,
}

const ROW: f64 = 26.0;
const TOP: f64 = 22.0;
/// Room for `LABEL_CHARS` characters of the labels' font, as in `bar_chart`.
const LABEL_WIDTH: f64 = 300.0;
const BAR_WIDTH: f64 = 330.0;
const WIDTH: f64 = LABEL_WIDTH + BAR_WIDTH + 90.0;

#[component]
pub fn UploadLimitChart(props: &UploadLimitChartProps) -> Html {
    let limit = props.limit.max(1);
    let scale = props.zip_size.max(limit) as f64 * 1.05;
    let x_of = |bytes: u64| LABEL_WIDTH + BAR_WIDTH * bytes as f64 / scale;
    let mut rows: Vec<(String, u64, bool)> = vec![(
        "Whole package (zip)".to_owned(),
        props.zip_size,
        props.zip_size > props.limit,
    )];
    rows.extend(
        props
            .files
            .iter()
            .map(|(path, size)| (path.clone(), *size, false)),
    );
    let labels = distinct_labels(
        &rows
            .iter()
            .map(|(label, ..)| label.as_str())
            .collect::<Vec<_>>(),
        LABEL_CHARS,
    );
    let height = TOP + ROW * rows.len() as f64 + 8.0;
    let limit_x = x_of(limit);
    let share = props.zip_size as f64 * 100.0 / limit as f64;
    let verdict = if props.zip_size > props.limit {
        format!(
            "The zip is {}, over the {} upload limit by {}.",
            format::bytes(props.zip_size),
            format::bytes(props.limit),
            format::bytes(props.zip_size - props.limit)
        )
    } else {
        format!(
            "The zip is {}: {:.1}% of the {} upload limit.",
            format::bytes(props.zip_size),
            share,
            format::bytes(props.limit)
        )
    };
    let summary = rows
        .iter()
        .map(|(label, size, _)| format!("{label}: {}", format::bytes(*size)))
        .collect::<Vec<_>>()
        .join("; ");
    html! {
        <figure class="chart limit-chart" data-testid="upload-limit-chart">
            <p class="limit-verdict" data-testid="upload-verdict">{ verdict.clone() }</p>
            <svg viewBox={format!("0 0 {WIDTH} {height}")} role="img" class="bar-chart"
                aria-labelledby="limit-chart-title limit-chart-desc">
                <title id="limit-chart-title">{ "Compressed size against the upload limit" }</title>
                <desc id="limit-chart-desc">{ format!("{verdict} {summary}") }</desc>
                { for rows.iter().zip(&labels).enumerate().map(|(row, ((label, size, over), short))| {
                    let y = TOP + ROW * row as f64;
                    let width = (x_of(*size) - LABEL_WIDTH).max(2.0);
                    html! {
                        <g>
                            <text x={(LABEL_WIDTH - 8.0).to_string()} y={(y + ROW * 0.62).to_string()}
                                class="bar-label" text-anchor="end" data-testid="bar-label">
                                <title>{ label.clone() }</title>{ short.clone() }
                            </text>
                            <rect x={LABEL_WIDTH.to_string()} y={(y + 3.0).to_string()}
                                width={width.to_string()} height={(ROW - 8.0).to_string()} rx="3"
                                class={classes!("bar", (row == 0).then_some("total"), over.then_some("over"))} />
                            <text x={(LABEL_WIDTH + width + 6.0).to_string()} y={(y + ROW * 0.62).to_string()}
                                class="bar-value">{ format::bytes(*size) }</text>
                        </g>
                    }
                }) }
                <line x1={limit_x.to_string()} x2={limit_x.to_string()} y1={(TOP - 4.0).to_string()}
                    y2={(height - 2.0).to_string()} class="limit-line" data-testid="limit-line" />
                <text x={limit_x.to_string()} y="13" class="limit-label"
                    text-anchor={if limit_x > LABEL_WIDTH + BAR_WIDTH * 0.6 { "end" } else { "start" }}>
                    { format!("upload limit {}", format::bytes(props.limit)) }
                </text>
            </svg>
        </figure>
    }
}
