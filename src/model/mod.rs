//! The domain: dates, countries, kinds of move, and the dataset of events.

mod counted;
mod country;
mod dataset;
mod date;
mod event;
pub mod index;
mod kind;
mod marks;
mod order;
pub mod words;

pub use counted::{Counted, MonthRow, Wanted};
pub use country::CountryCode;
pub(crate) use dataset::OwnText;
pub use dataset::{Actor, ActorId, CountryNames, Dataset, Source, SourceId};
pub use date::{DateError, DatePoint, FuzzyDate, Part, Period, Precision, YearMonth};
pub use event::{Event, EventParts, EventsBuilder, MAX_LIST};
pub use index::Index;
pub use kind::Kind;
pub use marks::{Mark, Marks};
