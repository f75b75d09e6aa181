//! Placeholder until the full module lands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    Json,
    Jsonc,
    Tsv,
    Table,
    Yaml,
    None,
}
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputError {
    pub message: String,
}
impl OutputFormat {
    pub fn parse(s: &str) -> Result<Self, OutputError> {
        match s {
            "json" => Ok(Self::Json),
            "tsv" => Ok(Self::Tsv),
            "table" => Ok(Self::Table),
            "none" => Ok(Self::None),
            _ => Err(OutputError {
                message: format!("bad format {s}"),
            }),
        }
    }
}
pub fn apply_query(
    value: &serde_json::Value,
    query: &str,
) -> Result<serde_json::Value, OutputError> {
    let expr = jmespath::compile(query).map_err(|e| OutputError {
        message: e.to_string(),
    })?;
    let data = jmespath::Variable::from_json(&value.to_string())
        .map_err(|e| OutputError { message: e })?;
    let r = expr.search(data).map_err(|e| OutputError {
        message: e.to_string(),
    })?;
    serde_json::to_value(&*r).map_err(|e| OutputError {
        message: e.to_string(),
    })
}
pub fn render(value: &serde_json::Value, format: OutputFormat) -> String {
    match format {
        OutputFormat::Tsv => match value {
            serde_json::Value::String(s) => format!("{s}\n"),
            serde_json::Value::Array(a) => a
                .iter()
                .map(|v| match v {
                    serde_json::Value::String(s) => format!("{s}\n"),
                    o => format!("{o}\n"),
                })
                .collect(),
            o => format!("{o}\n"),
        },
        OutputFormat::None => String::new(),
        _ => format!(
            "{}\n",
            serde_json::to_string_pretty(value).unwrap_or_default()
        ),
    }
}
