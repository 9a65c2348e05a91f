use crate::cli::ThemeName;
use crate::model::Dataset;
use crate::query::Filter;
pub struct Options {
    pub mouse: bool,
    pub theme: ThemeName,
    pub no_color: bool,
}
pub fn run(_d: Dataset, _f: Filter, _o: Options) -> anyhow::Result<()> {
    anyhow::bail!("the browser is not built yet; use `demarche list`")
}
