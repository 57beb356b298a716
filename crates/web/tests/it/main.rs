//! HTTP tests of pages and API, in-process, on SQLite and (when configured) PostgreSQL.

mod access;
mod api;
mod auth;
mod pages;
mod support;
