//! The country, month, kind and marks pickers: every value with the count it would give under the
//! other active filters, multi-select, and type-to-narrow. State only; drawing is in view.

use crate::model::{CountryCode, Dataset, Kind, YearMonth};
use crate::query::{self, Filter, Match};
use crate::text;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerKind {
    Country,
    Month,
    Kind,
    /// The user's marks: starred, and each tag used.
    Mark,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    Country(CountryCode),
    Month(YearMonth),
    Kind(Kind),
    Starred,
    /// A tag, by its place in the picker's `tags`.
    Tag(u16),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub value: Value,
    /// Short key shown first ("KZ", "2022-06", "visit").
    pub key: String,
    /// Longer name, if any ("Kazakhstan", "June 2022").
    pub name: String,
    pub count: usize,
    pub chosen: bool,
    /// Country picker: ticked as a counterpart (the focus is `chosen`).
    pub with: bool,
    /// Folded key and name, for narrowing.
    search: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    pub kind: PickerKind,
    pub items: Vec<Item>,
    pub query: String,
    /// Index into `visible()`.
    pub cursor: usize,
    /// Country picker only: require all chosen countries.
    pub match_all: bool,
    /// Events dated only to a year, which no month can select (month picker only).
    pub year_only: usize,
    /// The item ticked last, where a month range starts.
    last_ticked: Option<usize>,
    /// Whether the user ticked or unticked anything since opening.
    touched: bool,
    /// The filter the picker was opened on: the other dimensions the counts are under.
    base: Filter,
    /// Country picker: each country's count on its own under the other dimensions (shown
    /// while no focus is ticked, or when any of them will do).
    alone: Vec<usize>,
    /// The focus the counts shown were made for (empty: the counts on their own).
    counted_for: Option<std::collections::BTreeSet<CountryCode>>,
    /// Marks picker: the tags its items name.
    tags: Vec<String>,
}

impl Picker {
    pub fn open(kind: PickerKind, dataset: &Dataset, filter: &Filter) -> Picker {
        let facets = query::facets(dataset, filter);
        let item = |value, key: String, name: String, count, chosen| Item {
            search: text::fold(&format!("{key} {name}")),
            value,
            key,
            name,
            count,
            chosen,
            with: false,
        };
        let items: Vec<Item> = match kind {
            PickerKind::Country => {
                let mut items: Vec<Item> = facets
                    .countries
                    .iter()
                    .map(|&(c, n)| {
                        let chosen = filter.countries.contains(&c);
                        let mut it = item(Value::Country(c), c.to_string(), c.name(), n, chosen);
                        // Typing a country's other names finds it too (USA, كازاخستان).
                        // (Past its common and formal names, as before: the item shows the first.)
                        for name in dataset.names_of(c).iter().skip(2) {
                            it.search.push(' ');
                            it.search.push_str(&text::fold(name));
                        }
                        it
                    })
                    .collect();
                // Countries a preset filter names but no event involves stay visible.
                for &c in filter.countries.iter().chain(&filter.counterparts) {
                    if !items.iter().any(|i| i.value == Value::Country(c)) {
                        items.push(item(Value::Country(c), c.to_string(), c.name(), 0, false));
                    }
                }
                for item in &mut items {
                    if let Value::Country(c) = item.value {
                        item.chosen = filter.countries.contains(&c);
                        item.with = filter.counterparts.contains(&c);
                    }
                }
                items.sort_by(|a, b| a.name.cmp(&b.name));
                items
            }
            PickerKind::Month => facets
                .months
                .iter()
                .map(|&(m, n)| {
                    let chosen = filter.months.is_active() && filter.months.contains(m);
                    item(Value::Month(m), m.to_string(), m.long(), n, chosen)
                })
                .collect(),
            PickerKind::Kind => facets
                .kinds
                .iter()
                .map(|&(k, n)| {
                    let chosen = filter.kinds.contains(&k);
                    item(Value::Kind(k), k.to_string(), String::new(), n, chosen)
                })
                .collect(),
            PickerKind::Mark => {
                // Each with the events it would give under the other filters.
                let others = filter.without(query::Dimension::Mark);
                let count = |f: Filter| query::run(dataset, &f).len();
                let mut items = vec![item(
                    Value::Starred,
                    "★".into(),
                    "starred".into(),
                    count(Filter {
                        starred: true,
                        ..others.clone()
                    }),
                    filter.starred,
                )];
                for (i, tag) in tags_of(dataset).iter().enumerate() {
                    let only = Filter {
                        tags: [tag.clone()].into(),
                        ..others.clone()
                    };
                    let chosen = filter.tags.contains(tag);
                    items.push(item(
                        Value::Tag(i as u16),
                        format!("#{tag}"),
                        String::new(),
                        count(only),
                        chosen,
                    ));
                }
                items
            }
        };
        // Start on the first chosen value, so reopening a picker shows the selection.
        let cursor = items.iter().position(|i| i.chosen).unwrap_or(0);
        let alone = items.iter().map(|i| i.count).collect();
        let mut picker = Picker {
            kind,
            items,
            query: String::new(),
            cursor,
            match_all: filter.needs_all_countries(),
            year_only: facets.year_only,
            last_ticked: None,
            touched: false,
            base: filter.clone(),
            alone,
            counted_for: None,
            tags: if kind == PickerKind::Mark {
                tags_of(dataset)
            } else {
                Vec::new()
            },
        };
        picker.recount(dataset);
        picker
    }

    /// Country picker: once a focus is ticked and must all be involved, each country
    /// counts the events it shares with the focus (what ticking it as a counterpart, or
    /// with "all", would give); otherwise each counts on its own. Called after every key;
    /// counts again only when the focus that matters changed.
    pub fn recount(&mut self, dataset: &Dataset) {
        if self.kind != PickerKind::Country {
            return;
        }
        let mut focus: std::collections::BTreeSet<CountryCode> = (self.items.iter())
            .filter(|i| i.chosen)
            .filter_map(|i| match i.value {
                Value::Country(c) => Some(c),
                _ => None,
            })
            .collect();
        if !self.all_of_focus() {
            focus.clear();
        }
        if self.counted_for.as_ref() == Some(&focus) {
            return;
        }
        self.counted_for = Some(focus.clone());
        if focus.is_empty() {
            for (item, &n) in self.items.iter_mut().zip(&self.alone) {
                item.count = n;
            }
            return;
        }
        let shared = query::co_occurrence(dataset, &self.base, &focus);
        for item in &mut self.items {
            if let Value::Country(c) = item.value {
                item.count = shared
                    .binary_search_by_key(&c, |&(c, _)| c)
                    .map_or(0, |k| shared[k].1);
            }
        }
    }

    /// Whether the focus must all be involved: "all", or counterparts ticked.
    pub fn all_of_focus(&self) -> bool {
        self.match_all || self.counterpart_count() > 0
    }

    pub fn counterpart_count(&self) -> usize {
        self.items.iter().filter(|i| i.with).count()
    }

    /// Whether the counts shown are shared with the ticked focus.
    pub fn counts_shared(&self) -> bool {
        self.kind == PickerKind::Country
            && self.all_of_focus()
            && self.items.iter().any(|i| i.chosen)
    }

    /// Country picker: ticks or unticks the highlighted country as a counterpart (it
    /// stops being part of the focus), then moves down.
    pub fn toggle_counterpart(&mut self) {
        if let Some(&i) = self.visible().get(self.cursor) {
            self.touched = true;
            let item = &mut self.items[i];
            item.with = !item.with;
            if item.with {
                item.chosen = false;
            }
            self.move_cursor(1);
        }
    }

    pub fn title(&self) -> &'static str {
        match self.kind {
            PickerKind::Country => "Countries",
            PickerKind::Month => "Months",
            PickerKind::Kind => "Kinds",
            PickerKind::Mark => "Marks",
        }
    }

    /// Indices of the items the query leaves, in order.
    pub fn visible(&self) -> Vec<usize> {
        let words: Vec<String> = text::fold(&self.query)
            .split_whitespace()
            .map(str::to_string)
            .collect();
        (0..self.items.len())
            .filter(|&i| {
                words
                    .iter()
                    .all(|w| self.items[i].search.contains(w.as_str()))
            })
            .collect()
    }

    pub fn chosen_count(&self) -> usize {
        self.items.iter().filter(|i| i.chosen).count()
    }

    pub fn move_cursor(&mut self, delta: isize) {
        let visible = self.visible().len();
        self.cursor = match visible {
            0 => 0,
            n => self.cursor.saturating_add_signed(delta).min(n - 1),
        };
    }

    /// Ticks or unticks the highlighted value, then moves on (fzf's Tab; `step` -1 for
    /// Shift-Tab).
    pub fn toggle_current(&mut self, step: isize) {
        if let Some(&i) = self.visible().get(self.cursor) {
            self.touched = true;
            self.items[i].chosen = !self.items[i].chosen;
            if self.items[i].chosen {
                self.items[i].with = false;
                self.last_ticked = Some(i);
            }
            self.move_cursor(step);
        }
    }

    /// Ticks every value the query shows, or unticks them when all are ticked already.
    pub fn toggle_shown(&mut self) {
        self.touched = true;
        let shown = self.visible();
        let all = shown.iter().all(|&i| self.items[i].chosen);
        for i in shown {
            self.items[i].chosen = !all;
            self.items[i].with = false;
        }
    }

    /// Month picker: ticks every month from the last one ticked to the highlighted one
    /// (a range), or, with none ticked yet, ticks the highlighted one to start a range.
    pub fn tick_range(&mut self) {
        let Some(&here) = self.visible().get(self.cursor) else {
            return;
        };
        self.touched = true;
        let from = self.last_ticked.unwrap_or(here);
        let (lo, hi) = (from.min(here), from.max(here));
        for item in &mut self.items[lo..=hi] {
            item.chosen = true;
        }
        self.last_ticked = Some(here);
    }

    /// Month picker: ticks every month of the highlighted month's year.
    pub fn tick_year(&mut self) {
        let Some(&here) = self.visible().get(self.cursor) else {
            return;
        };
        let Value::Month(month) = self.items[here].value else {
            return;
        };
        self.touched = true;
        for item in &mut self.items {
            if let Value::Month(m) = item.value
                && m.year() == month.year()
            {
                item.chosen = true;
            }
        }
    }

    /// Unticks everything: applied, the picker's filter is cleared.
    pub fn untick_all(&mut self) {
        self.items.iter_mut().for_each(|i| {
            i.chosen = false;
            i.with = false;
        });
    }

    /// Enter with nothing ticked means the highlighted value (fzf's way); not when the
    /// user unticked everything, which means "no filter here".
    pub fn choose_highlighted_if_none(&mut self) {
        if !self.touched
            && self.chosen_count() == 0
            && self.counterpart_count() == 0
            && let Some(&i) = self.visible().get(self.cursor)
        {
            self.items[i].chosen = true;
        }
    }

    pub fn toggle_match(&mut self) {
        if self.kind == PickerKind::Country {
            self.match_all = !self.match_all;
        }
    }

    pub fn type_char(&mut self, c: char) {
        self.query.push(c);
        // A space ends a word and changes no match: the highlight stays where it was.
        if !c.is_whitespace() {
            self.cursor = 0;
        }
    }

    pub fn backspace(&mut self) {
        self.query.pop();
        self.cursor = 0;
    }

    pub fn clear_query(&mut self) {
        self.query.clear();
        self.cursor = 0;
    }

    /// Replaces the filter's selection for this picker's dimension with the chosen values.
    pub fn apply_to(&self, filter: &mut Filter) {
        let chosen = self.items.iter().filter(|i| i.chosen).map(|i| i.value);
        match self.kind {
            PickerKind::Country => {
                let countries = |with: bool| {
                    (self.items.iter())
                        .filter(|i| if with { i.with } else { i.chosen })
                        .filter_map(|i| match i.value {
                            Value::Country(c) => Some(c),
                            _ => None,
                        })
                        .collect()
                };
                filter.countries = countries(false);
                filter.counterparts = countries(true);
                // With counterparts the focus is all of it: said so, so that equal
                // filters compare equal.
                filter.country_match = if self.match_all || !filter.counterparts.is_empty() {
                    Match::All
                } else {
                    Match::Any
                };
            }
            PickerKind::Month => {
                filter.months.months = chosen
                    .filter_map(|v| match v {
                        Value::Month(m) => Some(m),
                        _ => None,
                    })
                    .collect();
                filter.months.from = None;
                filter.months.to = None;
            }
            PickerKind::Kind => {
                filter.kinds = chosen
                    .filter_map(|v| match v {
                        Value::Kind(k) => Some(k),
                        _ => None,
                    })
                    .collect();
            }
            PickerKind::Mark => {
                let chosen: Vec<Value> = chosen.collect();
                filter.starred = chosen.contains(&Value::Starred);
                filter.tags = (chosen.iter())
                    .filter_map(|v| match v {
                        Value::Tag(i) => self.tags.get(*i as usize).cloned(),
                        _ => None,
                    })
                    .collect();
            }
        }
    }
}

/// The tags the user's marks use, in order.
fn tags_of(dataset: &Dataset) -> Vec<String> {
    dataset
        .marks()
        .tags()
        .keys()
        .map(|t| t.to_string())
        .collect()
}
