//! A small SQL-executing layer over SQLite (rusqlite) and PostgreSQL (the
//! `postgres` crate), so that one body of store code (`sqlite.rs`: matching,
//! merging, edits, exports) runs on either backend.
//!
//! The store's SQL is written in SQLite's dialect with numbered parameters
//! (`?1`). On PostgreSQL each statement is translated once and cached
//! ([`translate`]: `?N` becomes `$N`, `INSERT OR IGNORE` becomes `ON CONFLICT
//! DO NOTHING`, `IS ?N` becomes `IS NOT DISTINCT FROM $N`), and the few SQLite
//! functions the store calls (`json_extract`, `strftime('…', 'now')`, `instr`)
//! exist as SQL functions created by the PostgreSQL schema. Values cross the
//! boundary as a dynamic [`Value`], converted to and from whatever type the
//! server declares for a parameter or a column, so integer, real and text
//! columns behave as they do in SQLite. Full-text search is the one place the
//! callers branch on [`Conn::is_pg`].

use std::cell::RefCell;
use std::collections::HashMap;
use std::error::Error as StdError;

/// Errors of the SQL layer.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// SQLite refused an operation.
    #[error("{0}")]
    Sqlite(#[from] rusqlite::Error),
    /// PostgreSQL refused an operation (or the connection failed).
    #[error("{0}")]
    Pg(#[from] postgres::Error),
    /// A query that must return a row returned none.
    #[error("query returned no rows")]
    NoRows,
    /// A column held a value of another type than the caller reads.
    #[error("column {index}: cannot read {found} as {wanted}")]
    Type {
        /// Column index.
        index: usize,
        /// What the caller asked for.
        wanted: &'static str,
        /// What the column held.
        found: &'static str,
    },
    /// A column index past the end of the row.
    #[error("no column {0} in the row")]
    NoColumn(usize),
}

/// A dynamically typed SQL value (SQLite's storage classes).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// SQL NULL.
    Null,
    /// An integer (also booleans).
    Integer(i64),
    /// A floating-point number.
    Real(f64),
    /// Text (also JSON).
    Text(String),
    /// Bytes.
    Blob(Vec<u8>),
}

impl Value {
    fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Integer(_) => "integer",
            Value::Real(_) => "real",
            Value::Text(_) => "text",
            Value::Blob(_) => "blob",
        }
    }
}

/// A Rust value usable as a statement parameter.
pub trait ToValue {
    /// The value as SQL.
    fn to_value(&self) -> Value;
}

impl ToValue for Value {
    fn to_value(&self) -> Value {
        self.clone()
    }
}
impl ToValue for i64 {
    fn to_value(&self) -> Value {
        Value::Integer(*self)
    }
}
impl ToValue for i32 {
    fn to_value(&self) -> Value {
        Value::Integer(i64::from(*self))
    }
}
impl ToValue for u32 {
    fn to_value(&self) -> Value {
        Value::Integer(i64::from(*self))
    }
}
impl ToValue for u64 {
    fn to_value(&self) -> Value {
        Value::Integer(i64::try_from(*self).unwrap_or(i64::MAX))
    }
}
impl ToValue for usize {
    fn to_value(&self) -> Value {
        Value::Integer(i64::try_from(*self).unwrap_or(i64::MAX))
    }
}
impl ToValue for bool {
    fn to_value(&self) -> Value {
        Value::Integer(i64::from(*self))
    }
}
impl ToValue for f64 {
    fn to_value(&self) -> Value {
        Value::Real(*self)
    }
}
impl ToValue for str {
    fn to_value(&self) -> Value {
        Value::Text(self.to_string())
    }
}
impl ToValue for String {
    fn to_value(&self) -> Value {
        Value::Text(self.clone())
    }
}
impl<T: ToValue + ?Sized> ToValue for &T {
    fn to_value(&self) -> Value {
        (**self).to_value()
    }
}
impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value {
        match self {
            Some(v) => v.to_value(),
            None => Value::Null,
        }
    }
}

/// A statement's parameters.
pub trait Params {
    /// The parameters as values.
    fn values(self) -> Vec<Value>;
}

impl Params for [&dyn ToValue; 0] {
    fn values(self) -> Vec<Value> {
        Vec::new()
    }
}
impl Params for &[&dyn ToValue] {
    fn values(self) -> Vec<Value> {
        self.iter().map(|v| v.to_value()).collect()
    }
}
impl Params for Vec<Value> {
    fn values(self) -> Vec<Value> {
        self
    }
}
macro_rules! array_params {
    ($($n:literal)*) => {$(
        impl<T: ToValue> Params for [T; $n] {
            fn values(self) -> Vec<Value> {
                self.iter().map(ToValue::to_value).collect()
            }
        }
    )*};
}
array_params!(1 2 3 4 5 6 7 8 9 10 11 12);

/// Parameters from an iterator of values.
pub fn params_from_iter<I, T>(it: I) -> Vec<Value>
where
    I: IntoIterator<Item = T>,
    T: ToValue,
{
    it.into_iter().map(|v| v.to_value()).collect()
}

/// `params![a, b, c]`: heterogeneous parameters.
#[macro_export]
#[doc(hidden)]
macro_rules! db_params {
    () => { [] as [&dyn $crate::db::ToValue; 0] };
    ($($p:expr),+ $(,)?) => { &[$(&$p as &dyn $crate::db::ToValue),+] as &[&dyn $crate::db::ToValue] };
}
pub(crate) use db_params as params;

/// A value read from a column.
pub trait FromValue: Sized {
    /// Converts the column's value (`index` for error messages).
    fn from_value(v: &Value, index: usize) -> Result<Self, DbError>;
}

fn wrong<T>(index: usize, wanted: &'static str, v: &Value) -> Result<T, DbError> {
    Err(DbError::Type {
        index,
        wanted,
        found: v.kind(),
    })
}

impl FromValue for Value {
    fn from_value(v: &Value, _: usize) -> Result<Self, DbError> {
        Ok(v.clone())
    }
}
impl FromValue for i64 {
    fn from_value(v: &Value, index: usize) -> Result<Self, DbError> {
        match v {
            Value::Integer(i) => Ok(*i),
            Value::Text(s) => s.trim().parse().or_else(|_| wrong(index, "integer", v)),
            _ => wrong(index, "integer", v),
        }
    }
}
impl FromValue for i32 {
    fn from_value(v: &Value, index: usize) -> Result<Self, DbError> {
        i32::try_from(i64::from_value(v, index)?).or_else(|_| wrong(index, "i32", v))
    }
}
impl FromValue for u32 {
    fn from_value(v: &Value, index: usize) -> Result<Self, DbError> {
        u32::try_from(i64::from_value(v, index)?).or_else(|_| wrong(index, "u32", v))
    }
}
impl FromValue for u64 {
    fn from_value(v: &Value, index: usize) -> Result<Self, DbError> {
        u64::try_from(i64::from_value(v, index)?).or_else(|_| wrong(index, "u64", v))
    }
}
impl FromValue for bool {
    fn from_value(v: &Value, index: usize) -> Result<Self, DbError> {
        match v {
            Value::Integer(i) => Ok(*i != 0),
            Value::Real(f) => Ok(*f != 0.0),
            Value::Text(s) if s == "t" || s == "true" || s == "1" => Ok(true),
            Value::Text(s) if s == "f" || s == "false" || s == "0" => Ok(false),
            _ => wrong(index, "boolean", v),
        }
    }
}
impl FromValue for f64 {
    fn from_value(v: &Value, index: usize) -> Result<Self, DbError> {
        match v {
            Value::Real(f) => Ok(*f),
            Value::Integer(i) => Ok(*i as f64),
            Value::Text(s) => s.trim().parse().or_else(|_| wrong(index, "real", v)),
            _ => wrong(index, "real", v),
        }
    }
}
impl FromValue for String {
    fn from_value(v: &Value, index: usize) -> Result<Self, DbError> {
        match v {
            Value::Text(s) => Ok(s.clone()),
            Value::Integer(i) => Ok(i.to_string()),
            Value::Real(f) => Ok(f.to_string()),
            _ => wrong(index, "text", v),
        }
    }
}
impl FromValue for Vec<u8> {
    fn from_value(v: &Value, index: usize) -> Result<Self, DbError> {
        match v {
            Value::Blob(b) => Ok(b.clone()),
            Value::Text(s) => Ok(s.as_bytes().to_vec()),
            _ => wrong(index, "blob", v),
        }
    }
}
impl<T: FromValue> FromValue for Option<T> {
    fn from_value(v: &Value, index: usize) -> Result<Self, DbError> {
        match v {
            Value::Null => Ok(None),
            v => T::from_value(v, index).map(Some),
        }
    }
}

/// What indexes a row's columns.
pub trait RowIndex {
    /// The column's position.
    fn index(self) -> usize;
}

impl RowIndex for usize {
    fn index(self) -> usize {
        self
    }
}

/// One result row.
#[derive(Debug)]
pub struct Row {
    values: Vec<Value>,
}

impl Row {
    /// Column `i` as `T`.
    pub fn get<I: RowIndex, T: FromValue>(&self, i: I) -> Result<T, DbError> {
        let i = i.index();
        let v = self.values.get(i).ok_or(DbError::NoColumn(i))?;
        T::from_value(v, i)
    }
}

/// `.optional()` on a single-row query: no row is `None`.
pub trait OptionalExtension<T> {
    /// `Ok(None)` instead of [`DbError::NoRows`].
    fn optional(self) -> Result<Option<T>, DbError>;
}

impl<T> OptionalExtension<T> for Result<T, DbError> {
    fn optional(self) -> Result<Option<T>, DbError> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(DbError::NoRows) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

struct PgConn {
    client: postgres::Client,
    cache: HashMap<String, postgres::Statement>,
}

enum Inner {
    Sqlite(rusqlite::Connection),
    Pg(Box<RefCell<PgConn>>),
}

/// A connection to either backend.
pub struct Conn {
    inner: Inner,
}

impl std::fmt::Debug for Conn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.is_pg() {
            "Conn(PostgreSQL)"
        } else {
            "Conn(SQLite)"
        })
    }
}

/// A prepared statement (translated and cached on PostgreSQL).
pub struct Stmt<'c> {
    conn: &'c Conn,
    sql: String,
}

impl Stmt<'_> {
    /// Runs the statement; returns the number of rows changed.
    pub fn execute<P: Params>(&mut self, p: P) -> Result<usize, DbError> {
        self.conn.execute(&self.sql, p)
    }
    /// The first row mapped by `f` ([`DbError::NoRows`] when none).
    pub fn query_row<T, P: Params, F>(&mut self, p: P, f: F) -> Result<T, DbError>
    where
        F: FnOnce(&Row) -> Result<T, DbError>,
    {
        self.conn.query_row(&self.sql, p, f)
    }
    /// True when the statement returns a row.
    pub fn exists<P: Params>(&mut self, p: P) -> Result<bool, DbError> {
        Ok(!self.conn.rows(&self.sql, p, Some(1))?.is_empty())
    }
    /// Every row mapped by `f`.
    pub fn query_map<T, P: Params, F>(
        &mut self,
        p: P,
        f: F,
    ) -> Result<std::vec::IntoIter<Result<T, DbError>>, DbError>
    where
        F: FnMut(&Row) -> Result<T, DbError>,
    {
        self.conn.query_map(&self.sql, p, f)
    }
}

fn sqlite_value(v: rusqlite::types::ValueRef<'_>) -> Value {
    use rusqlite::types::ValueRef;
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Integer(i),
        ValueRef::Real(f) => Value::Real(f),
        ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::Blob(b.to_vec()),
    }
}

pub(crate) fn to_sqlite(v: Value) -> rusqlite::types::Value {
    use rusqlite::types::Value as S;
    match v {
        Value::Null => S::Null,
        Value::Integer(i) => S::Integer(i),
        Value::Real(f) => S::Real(f),
        Value::Text(t) => S::Text(t),
        Value::Blob(b) => S::Blob(b),
    }
}

impl Conn {
    /// Wraps an SQLite connection.
    pub fn sqlite(c: rusqlite::Connection) -> Conn {
        Conn {
            inner: Inner::Sqlite(c),
        }
    }

    /// Wraps a PostgreSQL connection.
    pub fn pg(client: postgres::Client) -> Conn {
        Conn {
            inner: Inner::Pg(Box::new(RefCell::new(PgConn {
                client,
                cache: HashMap::new(),
            }))),
        }
    }

    /// True on PostgreSQL.
    pub fn is_pg(&self) -> bool {
        matches!(self.inner, Inner::Pg(_))
    }

    /// The SQLite connection, if this is one.
    pub fn as_sqlite(&self) -> Option<&rusqlite::Connection> {
        match &self.inner {
            Inner::Sqlite(c) => Some(c),
            Inner::Pg(_) => None,
        }
    }

    /// The SQLite connection (mutable), if this is one.
    pub fn as_sqlite_mut(&mut self) -> Option<&mut rusqlite::Connection> {
        match &mut self.inner {
            Inner::Sqlite(c) => Some(c),
            Inner::Pg(_) => None,
        }
    }

    /// A statement to run (cached).
    pub fn prepare_cached(&self, sql: &str) -> Result<Stmt<'_>, DbError> {
        Ok(Stmt {
            conn: self,
            sql: sql.to_string(),
        })
    }

    /// A statement to run.
    pub fn prepare(&self, sql: &str) -> Result<Stmt<'_>, DbError> {
        self.prepare_cached(sql)
    }

    /// Runs several statements without parameters (no translation).
    pub fn execute_batch(&self, sql: &str) -> Result<(), DbError> {
        match &self.inner {
            Inner::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Inner::Pg(pg) => Ok(pg.borrow_mut().client.batch_execute(sql)?),
        }
    }

    fn run<R>(
        &self,
        sql: &str,
        params: Vec<Value>,
        sq: impl FnOnce(
            &mut rusqlite::CachedStatement<'_>,
            Vec<rusqlite::types::Value>,
        ) -> Result<R, DbError>,
        pgf: impl FnOnce(
            &mut postgres::Client,
            &postgres::Statement,
            &[&(dyn postgres::types::ToSql + Sync)],
        ) -> Result<R, DbError>,
    ) -> Result<R, DbError> {
        match &self.inner {
            Inner::Sqlite(c) => {
                let mut st = c.prepare_cached(sql)?;
                sq(&mut st, params.into_iter().map(to_sqlite).collect())
            }
            Inner::Pg(pg) => {
                let mut pg = pg.borrow_mut();
                let PgConn { client, cache } = &mut *pg;
                let st = match cache.get(sql) {
                    Some(st) => st.clone(),
                    None => {
                        let st = client.prepare(&translate(sql))?;
                        if cache.len() > 256 {
                            cache.clear();
                        }
                        cache.insert(sql.to_string(), st.clone());
                        st
                    }
                };
                let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = params
                    .iter()
                    .map(|v| v as &(dyn postgres::types::ToSql + Sync))
                    .collect();
                pgf(client, &st, &refs)
            }
        }
    }

    /// Runs one statement; returns the number of rows changed.
    pub fn execute<P: Params>(&self, sql: &str, p: P) -> Result<usize, DbError> {
        self.run(
            sql,
            p.values(),
            |st, v| Ok(st.execute(rusqlite::params_from_iter(v))?),
            |c, st, v| Ok(usize::try_from(c.execute(st, v)?).unwrap_or(usize::MAX)),
        )
    }

    fn rows<P: Params>(&self, sql: &str, p: P, max: Option<usize>) -> Result<Vec<Row>, DbError> {
        self.run(
            sql,
            p.values(),
            |st, v| {
                let n = st.column_count();
                let mut rows = st.query(rusqlite::params_from_iter(v))?;
                let mut out = Vec::new();
                while let Some(r) = rows.next()? {
                    let mut values = Vec::with_capacity(n);
                    for i in 0..n {
                        values.push(sqlite_value(r.get_ref(i)?));
                    }
                    out.push(Row { values });
                    if max.is_some_and(|m| out.len() >= m) {
                        break;
                    }
                }
                Ok(out)
            },
            |c, st, v| {
                let rows = c.query(st, v)?;
                let mut out = Vec::with_capacity(rows.len());
                for r in rows.iter().take(max.unwrap_or(usize::MAX)) {
                    let mut values = Vec::with_capacity(r.len());
                    for i in 0..r.len() {
                        let v: PgValue = r.try_get(i)?;
                        values.push(v.0);
                    }
                    out.push(Row { values });
                }
                Ok(out)
            },
        )
    }

    /// The first row mapped by `f` ([`DbError::NoRows`] when none).
    pub fn query_row<T, P: Params, F>(&self, sql: &str, p: P, f: F) -> Result<T, DbError>
    where
        F: FnOnce(&Row) -> Result<T, DbError>,
    {
        let rows = self.rows(sql, p, Some(1))?;
        match rows.first() {
            Some(r) => f(r),
            None => Err(DbError::NoRows),
        }
    }

    /// Every row mapped by `f`.
    pub fn query_map<T, P: Params, F>(
        &self,
        sql: &str,
        p: P,
        mut f: F,
    ) -> Result<std::vec::IntoIter<Result<T, DbError>>, DbError>
    where
        F: FnMut(&Row) -> Result<T, DbError>,
    {
        let rows = self.rows(sql, p, None)?;
        Ok(rows.iter().map(&mut f).collect::<Vec<_>>().into_iter())
    }

    /// The id the last `INSERT` gave its row.
    pub fn last_insert_rowid(&self) -> Result<i64, DbError> {
        match &self.inner {
            Inner::Sqlite(c) => Ok(c.last_insert_rowid()),
            Inner::Pg(_) => self.query_row("SELECT lastval()", [], |r| r.get(0)),
        }
    }

    /// Starts a transaction; it rolls back when dropped uncommitted.
    pub fn transaction(&mut self) -> Result<Tx<'_>, DbError> {
        self.execute_batch("BEGIN")?;
        Ok(Tx {
            conn: self,
            done: false,
        })
    }
}

/// An open transaction (derefs to its connection).
pub struct Tx<'c> {
    conn: &'c mut Conn,
    done: bool,
}

impl Tx<'_> {
    /// Commits.
    pub fn commit(mut self) -> Result<(), DbError> {
        self.done = true;
        self.conn.execute_batch("COMMIT")
    }
}

impl std::ops::Deref for Tx<'_> {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        self.conn
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if !self.done {
            // Nothing to do with a failed rollback: the connection reports its
            // state on the next statement.
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}

/// Translates the store's SQLite-dialect SQL to PostgreSQL's.
pub fn translate(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 32);
    let mut chars = sql.chars().peekable();
    let mut in_str = false;
    let mut next_param = 0usize;
    let mut ignore = false;
    while let Some(c) = chars.next() {
        if in_str {
            out.push(c);
            if c == '\'' {
                in_str = false;
            }
            continue;
        }
        match c {
            '\'' => {
                in_str = true;
                out.push(c);
            }
            '?' => {
                let mut num = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    num.push(*d);
                    chars.next();
                }
                if num.is_empty() {
                    next_param += 1;
                    num = next_param.to_string();
                }
                // SQLite's `x IS ?n` is a null-safe comparison.
                if out.ends_with(" IS ") {
                    out.truncate(out.len() - 4);
                    out.push_str(" IS NOT DISTINCT FROM ");
                }
                out.push('$');
                out.push_str(&num);
            }
            _ => out.push(c),
        }
    }
    // SQLite's index hint: PostgreSQL's planner picks its own.
    while let Some(i) = out.find(" INDEXED BY ") {
        let rest = &out[i + " INDEXED BY ".len()..];
        let name_len = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        out.replace_range(i..i + " INDEXED BY ".len() + name_len, "");
    }
    if let Some(i) = out.find("INSERT OR IGNORE INTO") {
        out.replace_range(i..i + "INSERT OR IGNORE INTO".len(), "INSERT INTO");
        ignore = true;
    }
    if ignore {
        out.push_str(" ON CONFLICT DO NOTHING");
    }
    out
}

/// A PostgreSQL value of any type, read as a [`Value`] (and written from one).
struct PgValue(Value);

impl<'a> postgres::types::FromSql<'a> for PgValue {
    fn from_sql(
        ty: &postgres::types::Type,
        raw: &'a [u8],
    ) -> Result<Self, Box<dyn StdError + Sync + Send>> {
        use postgres::types::Type;
        let v = match *ty {
            Type::INT2 => Value::Integer(i64::from(i16::from_sql(ty, raw)?)),
            Type::INT4 => Value::Integer(i64::from(i32::from_sql(ty, raw)?)),
            Type::INT8 => Value::Integer(i64::from_sql(ty, raw)?),
            Type::OID => Value::Integer(i64::from(u32::from_sql(ty, raw)?)),
            Type::BOOL => Value::Integer(i64::from(bool::from_sql(ty, raw)?)),
            Type::FLOAT4 => Value::Real(f64::from(f32::from_sql(ty, raw)?)),
            Type::FLOAT8 => Value::Real(f64::from_sql(ty, raw)?),
            Type::NUMERIC => numeric(raw)?,
            Type::BYTEA => Value::Blob(raw.to_vec()),
            Type::JSONB => Value::Text(String::from_utf8(raw.get(1..).unwrap_or(&[]).to_vec())?),
            _ => Value::Text(String::from_utf8(raw.to_vec())?),
        };
        Ok(PgValue(v))
    }
    fn from_sql_null(_: &postgres::types::Type) -> Result<Self, Box<dyn StdError + Sync + Send>> {
        Ok(PgValue(Value::Null))
    }
    fn accepts(_: &postgres::types::Type) -> bool {
        true
    }
}

/// PostgreSQL's binary NUMERIC (what `SUM` of integers returns): an integer
/// when it has no fraction, else a float.
fn numeric(raw: &[u8]) -> Result<Value, Box<dyn StdError + Sync + Send>> {
    let word = |i: usize| -> Result<i16, Box<dyn StdError + Sync + Send>> {
        match raw.get(i..i + 2) {
            Some(b) => Ok(i16::from_be_bytes([b[0], b[1]])),
            None => Err("short NUMERIC".into()),
        }
    };
    let ndigits = word(0)?.max(0) as usize;
    let weight = i32::from(word(2)?);
    let sign = word(4)? as u16;
    let dscale = word(6)?;
    if sign == 0xC000 {
        return Ok(Value::Real(f64::NAN));
    }
    let mut f = 0f64;
    for i in 0..ndigits {
        let d = f64::from(word(8 + 2 * i)?);
        f += d * 10000f64.powi(weight - i as i32);
    }
    if sign == 0x4000 {
        f = -f;
    }
    if dscale == 0 && f.abs() < 9.0e15 {
        Ok(Value::Integer(f as i64))
    } else {
        Ok(Value::Real(f))
    }
}

impl postgres::types::ToSql for Value {
    fn to_sql(
        &self,
        ty: &postgres::types::Type,
        out: &mut bytes::BytesMut,
    ) -> Result<postgres::types::IsNull, Box<dyn StdError + Sync + Send>> {
        use postgres::types::{IsNull, Type};
        let text = |s: &str, out: &mut bytes::BytesMut| {
            out.extend_from_slice(s.as_bytes());
            Ok(IsNull::No)
        };
        match (self, ty) {
            (Value::Null, _) => Ok(IsNull::Yes),
            (Value::Integer(i), &Type::INT8) => i.to_sql(ty, out),
            (Value::Integer(i), &Type::INT4) => i32::try_from(*i)?.to_sql(ty, out),
            (Value::Integer(i), &Type::INT2) => i16::try_from(*i)?.to_sql(ty, out),
            (Value::Integer(i), &Type::BOOL) => (*i != 0).to_sql(ty, out),
            (Value::Integer(i), &Type::FLOAT8) => (*i as f64).to_sql(ty, out),
            (Value::Integer(i), &Type::FLOAT4) => (*i as f32).to_sql(ty, out),
            (Value::Integer(i), _) => text(&i.to_string(), out),
            (Value::Real(f), &Type::FLOAT8) => f.to_sql(ty, out),
            (Value::Real(f), &Type::FLOAT4) => (*f as f32).to_sql(ty, out),
            (Value::Real(f), &Type::INT8) => (f.round() as i64).to_sql(ty, out),
            (Value::Real(f), &Type::INT4) => (f.round() as i32).to_sql(ty, out),
            (Value::Real(f), _) => text(&f.to_string(), out),
            (Value::Text(s), &Type::INT8) => s.trim().parse::<i64>()?.to_sql(ty, out),
            (Value::Text(s), &Type::INT4) => s.trim().parse::<i32>()?.to_sql(ty, out),
            (Value::Text(s), &Type::FLOAT8) => s.trim().parse::<f64>()?.to_sql(ty, out),
            (Value::Text(s), &Type::JSONB) => {
                out.extend_from_slice(&[1]);
                text(s, out)
            }
            (Value::Text(s), _) => text(s, out),
            (Value::Blob(b), &Type::BYTEA) => {
                out.extend_from_slice(b);
                Ok(IsNull::No)
            }
            (Value::Blob(b), _) => text(&String::from_utf8_lossy(b), out),
        }
    }
    fn accepts(_: &postgres::types::Type) -> bool {
        true
    }
    postgres::types::to_sql_checked!();
}

#[cfg(test)]
mod tests {
    use super::translate;

    #[test]
    fn translates_parameters_and_sqlite_idioms() {
        assert_eq!(
            translate("SELECT 1 FROM t WHERE a = ?1 AND b IS ?2 AND c = '?x'"),
            "SELECT 1 FROM t WHERE a = $1 AND b IS NOT DISTINCT FROM $2 AND c = '?x'"
        );
        assert_eq!(
            translate("INSERT OR IGNORE INTO incidents (id) VALUES (?1)"),
            "INSERT INTO incidents (id) VALUES ($1) ON CONFLICT DO NOTHING"
        );
        assert_eq!(translate("a = ? AND b = ?"), "a = $1 AND b = $2");
        assert_eq!(
            translate("SELECT review FROM incidents INDEXED BY incidents_review WHERE id = ?1"),
            "SELECT review FROM incidents WHERE id = $1"
        );
    }
}
