//! HTTP tests of pages and API, in-process, on SQLite and (when configured) PostgreSQL.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

mod access;
mod api;
mod auth;
mod credentials;
mod datasets;
mod diagnosis;
mod home;
mod internships;
mod microdegrees;
mod notifications;
mod pages;
mod policy;
mod publishing;
mod research;
mod sharing;
mod support;
mod talent;
