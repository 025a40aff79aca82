//! The user's files, read and written safely: reads are capped, so an endless or huge file is
//! refused by name; files routeplay writes for the user are private. Below every other module,
//! since config, credentials, the catalog and the store all read or write files.

mod private;
pub mod read;

pub use private::write_private;
