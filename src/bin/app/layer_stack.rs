//! The layers of one component before and after an import, drawn as two stacks
//! (bottom: the system layer; top: the unmanaged Active layer), as the page's own SVG.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LayerStackProps {
    /// Layer names, bottom to top.
    pub before: Vec<String>,
    pub after: Vec<String>,
    /// The layer the package's components land in.
    pub package_layer: String,
    /// Heading of the second stack.
    #[prop_or(AttrValue::Static("After"))]
    pub after_title: AttrValue,
}

const BOX_HEIGHT: f64 = 30.0;
const BOX_WIDTH: f64 = 220.0;
const GAP: f64 = 60.0;
const TOP: f64 = 26.0;

fn short(name: &str) -> String {
    let count = name.chars().count();
    if count <= 28 {
        return name.to_owned();
    }
    let head: String = name.chars().take(27).collect();
    format!("{head}…")
}

#[component]
pub fn LayerStack(props: &LayerStackProps) -> Html {
    let rows = props.before.len().max(props.after.len()).max(1);
    let height = TOP + BOX_HEIGHT * rows as f64 + 8.0;
    let width = BOX_WIDTH * 2.0 + GAP + 8.0;
    let describe = |layers: &[String]| {
        if layers.is_empty() {
            "not in the organization".to_owned()
        } else {
            layers.join(", ")
        }
    };
    let summary = format!(
        "Before, bottom to top: {}. {}: {}.",
        describe(&props.before),
        props.after_title,
        describe(&props.after)
    );
    let stack = |layers: &[String], x: f64, title: &str| {
        let bottom = TOP + BOX_HEIGHT * rows as f64;
        html! {
            <g>
                <text x={(x + BOX_WIDTH / 2.0).to_string()} y="16" text-anchor="middle" class="stack-title">{ title.to_owned() }</text>
                if layers.is_empty() {
                    <text x={(x + BOX_WIDTH / 2.0).to_string()} y={(bottom - BOX_HEIGHT / 2.0 + 4.0).to_string()}
                        text-anchor="middle" class="stack-empty">{ "not in the organization" }</text>
                }
                { for layers.iter().enumerate().map(|(level, name)| {
                    let y = bottom - BOX_HEIGHT * (level + 1) as f64;
                    let class = if name == "Active" {
                        "layer active"
                    } else if *name == props.package_layer {
                        "layer package"
                    } else if name == "System" {
                        "layer system"
                    } else {
                        "layer managed"
                    };
                    html! {
                        <g>
                            <rect x={x.to_string()} y={(y + 2.0).to_string()} width={BOX_WIDTH.to_string()}
                                height={(BOX_HEIGHT - 4.0).to_string()} rx="4" class={class} />
                            <text x={(x + BOX_WIDTH / 2.0).to_string()} y={(y + BOX_HEIGHT / 2.0 + 4.0).to_string()}
                                text-anchor="middle" class="layer-label">{ short(name) }</text>
                        </g>
                    }
                }) }
            </g>
        }
    };
    html! {
        <figure class="chart">
            <svg viewBox={format!("0 0 {width} {height}")} role="img" class="layer-stack"
                aria-labelledby="layers-title layers-desc" data-testid="layer-stack">
                <title id="layers-title">{ "Solution layers before and after the import" }</title>
                <desc id="layers-desc">{ summary.clone() }</desc>
                { stack(&props.before, 4.0, "Before") }
                { stack(&props.after, 4.0 + BOX_WIDTH + GAP, &props.after_title) }
            </svg>
            <figcaption class="muted">{ summary }</figcaption>
        </figure>
    }
}
