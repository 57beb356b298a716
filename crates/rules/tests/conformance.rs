//! CEL conformance for `tandem-rules`: cases from the CEL specification's own test data
//! (google/cel-spec `tests/simple/testdata/*.textproto`, read at commit 508bd98) for the features
//! eligibility criteria use, written as our own table. Each case keeps the spec's file and
//! `section/test` name so a reader can find its origin. "dyn() dropped" marks a case whose spec
//! expression wraps an operand in `dyn()` only to get past a type checker, which we don't run.
//! Skipped: protobuf messages, `type()`/`dyn()`, bytes, optionals, most `uint`, infinities.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

use serde_json::{Value, json};
use std::collections::HashSet;
use tandem_rules::{Expression, Facts};

struct Case {
    name: &'static str,
    file: &'static str,
    expr: &'static str,
    expect: Expect,
}

enum Expect {
    Value(Value),
    /// Evaluation fails; the message is not asserted.
    Error,
}

fn val(name: &'static str, file: &'static str, expr: &'static str, value: Value) -> Case {
    Case { name, file, expr, expect: Expect::Value(value) }
}

fn err(name: &'static str, file: &'static str, expr: &'static str) -> Case {
    Case { name, file, expr, expect: Expect::Error }
}

const BASIC: &str = "basic.textproto";
const LOGIC: &str = "logic.textproto";
const INT: &str = "integer_math.textproto";
const FP: &str = "fp_math.textproto";
const CMP: &str = "comparisons.textproto";
const STRING: &str = "string.textproto";
const MACROS: &str = "macros.textproto";
const FIELDS: &str = "fields.textproto";
const LISTS: &str = "lists.textproto";
const TIME: &str = "timestamps.textproto";
const CONV: &str = "conversions.textproto";

fn conformance_cases() -> Vec<Case> {
    let files = [basic(), logic(), integer_math(), fp_math(), comparisons(), strings(), macros()];
    let more = [fields(), lists(), timestamps(), conversions()];
    files.into_iter().chain(more).flatten().collect()
}

fn basic() -> Vec<Case> {
    vec![
        // self_eval_nonzeroish
        val("self_eval_nonzeroish/self_eval_int_negative_min", BASIC, "-9223372036854775808", json!(i64::MIN)),
        val("self_eval_nonzeroish/self_eval_unicode_escape_four", BASIC, r#""\u270c""#, json!("\u{270c}")),
        // variables: an unbound name is a runtime error, so `||` can absorb it
        err("variables/self_eval_unbound_lookup", BASIC, "x"),
        val("variables/unbound_is_runtime_error", BASIC, "x || true", json!(true)),
    ]
}

fn logic() -> Vec<Case> {
    vec![
        // conditional
        val("conditional/true_case", LOGIC, "true ? 1 : 2", json!(1)),
        val("conditional/false_case", LOGIC, "false ? 'foo' : 'bar'", json!("bar")),
        err("conditional/error_case", LOGIC, "2 / 0 > 4 ? 'baz' : 'quux'"),
        err("conditional/bad_type", LOGIC, "'cows' ? false : 17"),
        // AND: false absorbs an error or a non-bool on either side
        val("AND/false_left", LOGIC, "false && true", json!(false)),
        val("AND/short_circuit_type_left", LOGIC, "false && 32", json!(false)),
        val("AND/short_circuit_type_right", LOGIC, "'horses' && false", json!(false)),
        val("AND/short_circuit_error_left", LOGIC, "false && (2 / 0 > 3 ? false : true)", json!(false)),
        val("AND/short_circuit_error_right", LOGIC, "(2 / 0 > 3 ? false : true) && false", json!(false)),
        err("AND/error_right", LOGIC, "true && 1/0 != 0"),
        err("AND/error_left", LOGIC, "1/0 != 0 && true"),
        err("AND/no_overload", LOGIC, "'less filling' && 'tastes great'"),
        // OR: true absorbs an error or a non-bool on either side
        val("OR/false_left", LOGIC, "false || true", json!(true)),
        val("OR/short_circuit_type_left", LOGIC, "true || 32", json!(true)),
        val("OR/short_circuit_type_right", LOGIC, "'horses' || true", json!(true)),
        val("OR/short_circuit_error_left", LOGIC, "true || (2 / 0 > 3 ? false : true)", json!(true)),
        val("OR/short_circuit_error_right", LOGIC, "(2 / 0 > 3 ? false : true) || true", json!(true)),
        err("OR/error_right", LOGIC, "false || 1/0 != 0"),
        err("OR/error_left", LOGIC, "1/0 != 0 || false"),
        err("OR/no_overload", LOGIC, "'less filling' || 'tastes great'"),
        // NOT
        err("NOT/no_overload", LOGIC, "!0"),
    ]
}

fn integer_math() -> Vec<Case> {
    vec![
        // int64_math: division and remainder truncate toward zero
        val("int64_math/divide_positive_negative", INT, "-20 / 2", json!(-10)),
        val("int64_math/mod_positive_negative", INT, "43 % (-5)", json!(3)),
        val("int64_math/mod_negative_negative", INT, "-42 % (-5)", json!(-2)),
        val("int64_math/mod_negative_positive", INT, "-3 % 5", json!(-3)),
        err("int64_math/unary_minus_no_overload", INT, "-(42u)"),
        err("int64_math/unary_minus_not_bool", INT, "-false"),
        err("int64_math/mod_zero", INT, "34 % 0"),
        err("int64_math/divide_zero", INT, "15 / 0"),
        val("int64_math/add_mul_distribute", INT, "5 * (15 + 25)  == 5 * 15 + 5 * 25", json!(true)),
        // int64_math: overflow is an error, never a wrap-around
        err("int64_math/int64_overflow_positive", INT, "9223372036854775807 + 1"),
        err("int64_math/int64_overflow_negative", INT, "-9223372036854775808 - 1"),
        err("int64_math/int64_min_negate", INT, "-(-9223372036854775808)"),
        err("int64_math/int64_min_negate_mul", INT, "(-9223372036854775808) * -1"),
        err("int64_math/int64_min_negate_div", INT, "(-9223372036854775808)/-1"),
        err("int64_math/int64_overflow_mul_positive", INT, "5000000000 * 5000000000"),
        err("int64_math/uint64_overflow_negative", INT, "0u - 1u"),
        // uint64_math
        val("uint64_math/add_commutative", INT, "75u + 15u == 15u + 75u", json!(true)),
    ]
}

fn fp_math() -> Vec<Case> {
    vec![
        // fp_math
        val("fp_math/add_positive_positive", FP, "4.25 + 15.25", json!(19.5)),
        val("fp_math/sub_positive_positive", FP, "42.0 - 12.0", json!(30.0)),
        val("fp_math/divide_positive_positive", FP, "0.0625 / 0.002", json!(31.25)),
        val("fp_math/divide_negative_negative", FP, "-8.875 / (-0.0625)", json!(142.0)),
        err("fp_math/mod_not_support", FP, "47.5 % 5.5"),
        val("fp_math/fp_underflow", FP, "1e-324  / 2.0", json!(0.0)),
    ]
}

fn comparisons() -> Vec<Case> {
    vec![
        // eq_literal: numbers compare across int, uint and double; other kinds are just unequal
        val("eq_literal/not_eq_double_nan", CMP, "0.0/0.0 == 0.0/0.0", json!(false)),
        val("eq_literal/no_string_normalization", CMP, r"'Am\u00E9lie' == 'Ame\u0301lie'", json!(false)),
        val("eq_literal/eq_list_mixed_type_numbers", CMP, "[1.0, 2.0, 3] == [1u, 2, 3u]", json!(true)),
        val("eq_literal/eq_map_mixed_type_numbers", CMP, "{1: 1.0, 2u: 3u} == {1u: 1, 2: 3.0}", json!(true)),
        val("eq_literal/eq_mixed_types", CMP, "1.0 == 1", json!(true)),
        val("eq_literal/eq_map_value_mixed_types", CMP, "{'k':'v', 1:1} == {'k':'v', 1:'v1'}", json!(false)),
        // ne_literal
        val("ne_literal/ne_mixed_types", CMP, "2u != 2", json!(false)),
        // lt_literal: strings order by code point, with no normalization
        val("lt_literal/lt_string_case", CMP, "'Abc' < 'aBC'", json!(true)),
        val("lt_literal/lt_string_diacritical_mark_sensitive", CMP, r"'a' < '\u00E1'", json!(true)),
        val("lt_literal/not_lt_double", CMP, "-0.0 < 0.0", json!(false)),
        err("lt_literal/lt_null_unsupported", CMP, "null < null"),
        err("lt_literal/lt_mixed_types_error", CMP, "'foo' < 1024"),
        // lt_literal, mixed numbers (dyn() dropped)
        val("lt_literal/lt_dyn_int_double", CMP, "1 < 2.0", json!(true)),
        val("lt_literal/not_lt_dyn_int_double", CMP, "1 < 1.0", json!(false)),
        val("lt_literal/lt_dyn_small_int_uint", CMP, "-1 < 0u", json!(true)),
        val(
            "lt_literal/not_lt_dyn_int_big_lossy_double",
            CMP,
            "9223372036854775807 < 9223372036854775808.0",
            json!(false),
        ),
        // gt_literal
        val("gt_literal/not_gt_double", CMP, ".99 > 9.9e-1", json!(false)),
        val("gt_literal/gt_dyn_uint_int", CMP, "2u > 1", json!(true)), // dyn() dropped
        // gte_literal
        val("gte_literal/not_gte_double_lt", CMP, "0.9999 >= 1.0", json!(false)),
        val("gte_literal/not_gte_dyn_int_double", CMP, "0 >= 1.0", json!(false)), // dyn() dropped
        // in_list_literal, in_map_literal
        val("in_list_literal/elem_in_list", CMP, "'elem' in ['elem', 'elemA', 'elemB']", json!(true)),
        val("in_list_literal/elem_in_mixed_type_list", CMP, "'elem' in [1, 'elem', 2]", json!(true)),
        val("in_map_literal/key_in_map", CMP, "'key' in {'key':'1', 'other':'2'}", json!(true)),
        val("in_map_literal/key_in_mixed_key_type_map", CMP, "'key' in {3:3.0, 'key':2u}", json!(true)),
    ]
}

fn strings() -> Vec<Case> {
    vec![
        // size: code points, not bytes
        val("size/one_unicode", STRING, "size('ÿ')", json!(1)),
        val("size/unicode", STRING, "size('πέντε')", json!(5)),
        // starts_with, ends_with
        val("starts_with/empty_arg", STRING, "'foobar'.startsWith('')", json!(true)),
        val("starts_with/unicode", STRING, "'завтра'.startsWith('за')", json!(true)),
        val("starts_with/unicode_smp", STRING, "'\u{1F431}\u{1F600}\u{1F61B}'.startsWith('\u{1F431}')", json!(true)),
        val("ends_with/basic_true", STRING, "'foobar'.endsWith('bar')", json!(true)),
        val("ends_with/unicode", STRING, "'forté'.endsWith('té')", json!(true)),
        // matches: RE2 syntax, unanchored
        val("matches/basic", STRING, "'hubba'.matches('ubb')", json!(true)),
        val("matches/re_alt", STRING, "'grey'.matches('gr(a|e)y')", json!(true)),
        val("matches/unicode", STRING, "'mañana'.matches('a+ñ+a+')", json!(true)),
        val("matches/unicode_smp", STRING, "'\u{1F431}\u{1F600}\u{1F600}'.matches('(a|\u{1F600}){2}')", json!(true)),
        // concatenation, contains
        val("concatenation/concat_true", STRING, "'he' + 'llo'", json!("hello")),
        val("contains/contains_multiple", STRING, "'abababc'.contains('ababc')", json!(true)),
        val("contains/contains_unicode", STRING, "'Straße'.contains('aß')", json!(true)),
    ]
}

fn macros() -> Vec<Case> {
    vec![
        // exists
        val("exists/list_elem_some_true", MACROS, "[1, 2, 3].exists(e, e == 2)", json!(true)),
        val("exists/list_elem_type_shortcircuit", MACROS, "[1, 'foo', 3].exists(e, e != '1')", json!(true)),
        err("exists/list_elem_exists_error", MACROS, "[1, 2, 3].exists(e, e / 0 == 17)"),
        val("exists/map_key", MACROS, "{'key1':1, 'key2':2}.exists(k, k == 'key2')", json!(true)),
        // all: a false element absorbs another element's error
        val("all/list_elem_some_true", MACROS, "[1, 2, 3].all(e, e == 2)", json!(false)),
        err("all/list_elem_type_exhaustive", MACROS, "[1, 'foo', 3].all(e, e % 2 == 1)"),
        val("all/list_elem_error_shortcircuit", MACROS, "[1, 2, 3].all(e, 6 / (2 - e) == 6)", json!(false)),
        err("all/list_elem_error_exhaustive", MACROS, "[1, 2, 3].all(e, e / 0 != 17)"),
        // exists_one
        val("exists_one/list_one", MACROS, "[6, 7, 8].exists_one(foo, foo % 5 == 2)", json!(true)),
        err("exists_one/list_no_shortcircuit", MACROS, "[3, 2, 1, 0].exists_one(n, 12 / n > 1)"),
        // map
        val("map/list_empty", MACROS, "[].map(n, n / 2)", json!([])),
        val("map/list_many", MACROS, "[2, 4, 6].map(n, n / 2)", json!([1, 2, 3])),
        err("map/list_error", MACROS, "[2, 1, 0].map(n, 4 / n)"),
        // filter
        val("filter/list_some", MACROS, "[0, 1, 2, 3, 4].filter(x, x % 2 == 1)", json!([1, 3])),
        err("filter/list_no_shortcircuit", MACROS, "[3, 2, 1, 0].filter(n, 12 / n > 4)"),
        val(
            "filter/map_filter_keys",
            MACROS,
            "{'John': 'smart', 'Paul': 'cute', 'George': 'quiet', 'Ringo': 'funny'}.filter(key, key == 'Ringo') == ['Ringo']",
            json!(true),
        ),
    ]
}

fn fields() -> Vec<Case> {
    vec![
        // map_fields
        val("map_fields/map_key_mixed_numbers_double_key", FIELDS, "{1u: 1.0, 2: 2.0, 3u: 3.0}[3.0]", json!(3.0)),
        // map_fields: a missing key is an error that logic can absorb (dyn() dropped)
        err("map_fields/map_no_such_key_or_false", FIELDS, "{0:1,2:2,5:3}[1] || false"),
        val("map_fields/map_no_such_key_or_true", FIELDS, "{0:1,2:2,5:3}[1] || true", json!(true)),
        val("map_fields/map_no_such_key_and_false", FIELDS, "{0:1,2:2,5:3}[1] && false", json!(false)),
        err("map_fields/map_no_such_key_and_true", FIELDS, "{0:1,2:2,5:3}[1] && true"),
        val("map_fields/map_value_null", FIELDS, "{true:null}[true]", json!(null)),
        val("map_fields/map_value_map", FIELDS, "{'map': {'k': 'v'}}['map']", json!({"k": "v"})),
        // map_has
        val("map_has/has", FIELDS, "has({'a': 1, 'b': 2}.a)", json!(true)),
        val("map_has/has_not", FIELDS, "has({'a': 1, 'b': 2}.c)", json!(false)),
        val("map_has/has_empty", FIELDS, "has({}.a)", json!(false)),
    ]
}

fn lists() -> Vec<Case> {
    vec![
        // concatenation
        val("concatenation/list_append", LISTS, "[0, 1, 2] + [3, 4, 5] == [0, 1, 2, 3, 4, 5]", json!(true)),
        // index (dyn() dropped in the last two)
        err("index/index_out_of_bounds", LISTS, "[1, 2, 3][3]"),
        val("index/index_out_of_bounds_or_true", LISTS, "[1, 2, 3][3] || true", json!(true)),
        val("index/index_out_of_bounds_and_false", LISTS, "[1, 2, 3][3] && false", json!(false)),
    ]
}

fn timestamps() -> Vec<Case> {
    vec![
        // timestamp_conversions, duration_conversions
        val("timestamp_conversions/toInt_timestamp", TIME, "int(timestamp('2009-02-13T23:31:30Z'))", json!(1234567890)),
        val(
            "timestamp_conversions/toString_timestamp",
            TIME,
            "string(timestamp('2009-02-13T23:31:30Z'))",
            json!("2009-02-13T23:31:30Z"),
        ),
        val(
            "timestamp_conversions/toString_timestamp_nanos",
            TIME,
            "string(timestamp('9999-12-31T23:59:59.999999999Z'))",
            json!("9999-12-31T23:59:59.999999999Z"),
        ),
        val("duration_conversions/toString_duration", TIME, "string(duration('1000000s'))", json!("1000000s")),
        // timestamp_selectors: in UTC; getDayOfMonth and getDayOfYear are 0-based
        val("timestamp_selectors/getDayOfMonth", TIME, "timestamp('2009-02-13T23:31:30Z').getDayOfMonth()", json!(12)),
        val("timestamp_selectors/getDayOfYear", TIME, "timestamp('2009-02-13T23:31:30Z').getDayOfYear()", json!(43)),
        val("timestamp_selectors/getHours", TIME, "timestamp('2009-02-13T23:31:30Z').getHours()", json!(23)),
        // timestamp_selectors_tz
        val(
            "timestamp_selectors_tz/getDate",
            TIME,
            "timestamp('2009-02-13T23:31:30Z').getDate('Australia/Sydney')",
            json!(14),
        ),
        val(
            "timestamp_selectors_tz/getDayOfMonth_numerical_neg",
            TIME,
            "timestamp('2009-02-13T02:00:00Z').getDayOfMonth('-02:30')",
            json!(11),
        ),
        // timestamp_arithmetic: timestamp - timestamp is a duration
        val(
            "timestamp_arithmetic/add_duration_to_time",
            TIME,
            "timestamp('2009-02-13T23:00:00Z') + duration('240s') == timestamp('2009-02-13T23:04:00Z')",
            json!(true),
        ),
        val(
            "timestamp_arithmetic/add_time_to_duration_nanos_negative",
            TIME,
            "timestamp('0001-01-01T00:00:01.000000001Z') + duration('-999999999ns') == timestamp('0001-01-01T00:00:00.000000002Z')",
            json!(true),
        ),
        val(
            "timestamp_arithmetic/subtract_duration_from_time",
            TIME,
            "timestamp('2009-02-13T23:10:00Z') - duration('600s') == timestamp('2009-02-13T23:00:00Z')",
            json!(true),
        ),
        val(
            "timestamp_arithmetic/subtract_time_from_time",
            TIME,
            "timestamp('2009-02-13T23:31:00Z') - timestamp('2009-02-13T23:29:00Z') == duration('120s')",
            json!(true),
        ),
        // comparisons
        val(
            "comparisons/leq_timestamp_false",
            TIME,
            "timestamp('2009-02-13T23:00:00Z') <= timestamp('2009-02-13T22:59:59Z')",
            json!(false),
        ),
        val(
            "comparisons/less_timestamp_true",
            TIME,
            "timestamp('2009-02-13T23:00:00Z') < timestamp('2009-03-13T23:00:00Z')",
            json!(true),
        ),
        // duration_converters
        val("duration_converters/get_hours", TIME, "duration('10000s').getHours()", json!(2)),
        // timestamp_range, duration_range: out of range is an error
        err("timestamp_range/from_string_under", TIME, "timestamp('0000-01-01T00:00:00Z')"),
        err("timestamp_range/add_duration_over", TIME, "timestamp('9999-12-31T23:59:59Z') + duration('1s')"),
        err(
            "timestamp_range/sub_time_duration_over",
            TIME,
            "timestamp('9999-12-31T23:59:59Z') - timestamp('0001-01-01T00:00:00Z')",
        ),
        err("duration_range/from_string_over", TIME, "duration('320000000000s')"),
    ]
}

fn conversions() -> Vec<Case> {
    vec![
        // double
        val("double/int_pos", CONV, "double(1000000000000)", json!(1e12)),
        val("double/string_exp_neg_pos", CONV, "double('-84.32e7')", json!(-8.432e8)),
        // int: truncates toward zero, out of range is an error
        val("int/uint", CONV, "int(42u)", json!(42)),
        err("int/uint_range", CONV, "int(18446744073709551615u)"),
        val("int/double_round_neg", CONV, "int(-123.456)", json!(-123)),
        val("int/double_half_neg", CONV, "int(-3.5)", json!(-3)),
        err("int/double_int_max_range", CONV, "int(9223372036854775807.0)"),
        err("int/double_range", CONV, "int(1e99)"),
        // string
        val("string/double", CONV, "string(123.456)", json!("123.456")),
        val("string/double_hard", CONV, "string(-4.5e-3)", json!("-0.0045")),
        // uint, bool, identity
        err("uint/int_neg", CONV, "uint(-1)"),
        err("bool/string_true_badcase", CONV, "bool('TrUe')"),
        val("identity/duration", CONV, "duration(duration('100s')) == duration('100s')", json!(true)),
    ]
}

/// Cases cel 0.15 gets wrong; `known_gaps_of_cel_0_15_still_fail` tells us when one is fixed.
fn known_gaps() -> Vec<Case> {
    vec![
        // cel 0.15 parses backtick-quoted fields only when its parser's `enable_ident_escape_syntax`
        // is set; `Env::compile` leaves it off, so this is a syntax error.
        val("quoted_map_fields/field_access_dot", FIELDS, "{'foo.txt': 32, 'bar.csv': 1024}.`foo.txt`", json!(32)),
        // Not in the test data: langdef.md has getHours() "in UTC" (cel-go#468 was the same bug);
        // cel 0.15 keeps the parsed +08:00 offset and gives the local hour, 7.
        val(
            "getHours() of an offset timestamp",
            "langdef.md",
            "timestamp('2009-02-14T07:31:30+08:00').getHours()",
            json!(23),
        ),
        // Not in the test data: a duration string is sign? (number unit)+, so a number without its
        // unit is invalid; cel 0.15's duration() ignores whatever follows the last unit, giving 1h.
        err("duration() with a trailing number", "langdef.md", "duration('1h30')"),
    ]
}

/// `None` when `expr` evaluates as `expect` says; otherwise what it gave instead.
fn mismatch(expr: &str, expect: &Expect, facts: &Facts) -> Option<String> {
    let compiled = match Expression::compile(expr) {
        Ok(compiled) => compiled,
        Err(e) => return Some(format!("compile error at {}:{}: {}", e.line, e.column, e.message)),
    };
    match (compiled.value(facts), expect) {
        (Ok(got), Expect::Value(want)) if got == *want => None,
        (Err(_), Expect::Error) => None,
        (Ok(got), _) => Some(format!("value {got}")),
        (Err(e), _) => Some(format!("evaluation error: {}", e.message)),
    }
}

fn describe(expect: &Expect) -> String {
    match expect {
        Expect::Value(value) => format!("value {value}"),
        Expect::Error => "an evaluation error".to_owned(),
    }
}

fn failures(cases: &[Case], facts: &Facts) -> Vec<String> {
    cases
        .iter()
        .filter_map(|c| {
            let got = mismatch(c.expr, &c.expect, facts)?;
            Some(format!("{} {}: `{}` expected {}, got {got}", c.file, c.name, c.expr, describe(&c.expect)))
        })
        .collect()
}

fn no_facts() -> Facts {
    Facts::from_json(&json!({}))
}

#[test]
fn the_spec_conformance_cases_evaluate_as_the_spec_says() {
    let cases = conformance_cases();
    let mut names = HashSet::new();
    for case in &cases {
        assert!(names.insert((case.file, case.name)), "{} {} is listed twice", case.file, case.name);
    }
    let failed = failures(&cases, &no_facts());
    assert!(failed.is_empty(), "{} of {} conformance cases failed:\n{}", failed.len(), cases.len(), failed.join("\n"));
}

#[test]
fn known_gaps_of_cel_0_15_still_fail() {
    let facts = no_facts();
    let fixed: Vec<String> = known_gaps()
        .iter()
        .filter(|c| mismatch(c.expr, &c.expect, &facts).is_none())
        .map(|c| format!("{} {}: `{}`", c.file, c.name, c.expr))
        .collect();
    assert!(fixed.is_empty(), "these known gaps now pass; move them to the cases above:\n{}", fixed.join("\n"));
}

/// Checks `(expression, expected)` pairs against `facts`; every failure, one per line.
fn check_all(checks: &[(&str, Expect)], facts: &Facts) -> Vec<String> {
    checks
        .iter()
        .filter_map(|(expr, expect)| {
            let got = mismatch(expr, expect, facts)?;
            Some(format!("`{expr}` expected {}, got {got}", describe(expect)))
        })
        .collect()
}

fn is(value: Value) -> Expect {
    Expect::Value(value)
}

#[test]
fn facts_bind_typed_variables_and_a_missing_one_is_an_error_logic_can_absorb() {
    let facts = Facts::from_json(&json!({"enterprise": {
        "employees": 120,
        "revenue_wan": 3500.5,
        "subsidy_wan": 200.0,
        "name": "沈阳数控",
        "patents": ["CN1", "CN2"],
    }}));
    let checks = [
        // a JSON integer is an int: integer division, `%`
        ("enterprise.employees", is(json!(120))),
        ("enterprise.employees / 7 == 17", is(json!(true))),
        ("enterprise.employees % 7", is(json!(1))),
        ("enterprise.employees == 120.0", is(json!(true))),
        // a JSON number with a fraction is a double, even a whole one
        ("enterprise.revenue_wan", is(json!(3500.5))),
        ("enterprise.revenue_wan > 3500", is(json!(true))),
        ("enterprise.revenue_wan % 2", Expect::Error),
        ("enterprise.subsidy_wan", is(json!(200.0))),
        ("enterprise.subsidy_wan == 200", is(json!(true))),
        // strings count code points
        ("size(enterprise.name) == 4", is(json!(true))),
        ("enterprise.name.startsWith('沈阳')", is(json!(true))),
        (r"size('\u00e9')", is(json!(1))),
        ("size('沈阳数控有限公司')", is(json!(8))),
        // arrays are lists
        ("size(enterprise.patents) == 2", is(json!(true))),
        ("enterprise.patents.exists(p, p.startsWith('CN'))", is(json!(true))),
        // presence, and a missing key: an error unless the other side of && / || decides
        ("has(enterprise.employees)", is(json!(true))),
        ("has(enterprise.rd)", is(json!(false))),
        ("'rd' in enterprise", is(json!(false))),
        ("enterprise.rd > 1", Expect::Error),
        ("false && enterprise.rd > 1", is(json!(false))),
        ("enterprise.rd > 1 && false", is(json!(false))),
        ("enterprise.rd > 1 || true", is(json!(true))),
        ("true || enterprise.rd > 1", is(json!(true))),
        ("enterprise.rd > 1 && true", Expect::Error),
        ("enterprise.rd > 1 || false", Expect::Error),
        ("has(enterprise.rd) && enterprise.rd > 1", is(json!(false))),
        ("!has(enterprise.rd) || enterprise.rd > 1", is(json!(true))),
        // an unknown top-level variable too
        ("ladder.rank >= 1", Expect::Error),
        ("ladder.rank >= 1 || true", is(json!(true))),
    ];
    let failed = check_all(&checks, &facts);
    assert!(failed.is_empty(), "{} of {} fact checks failed:\n{}", failed.len(), checks.len(), failed.join("\n"));
}

#[test]
fn values_are_json_as_documented() {
    let checks = [
        ("timestamp('2009-02-13T23:31:30Z')", is(json!("2009-02-13T23:31:30Z"))),
        ("timestamp('2009-02-14T07:31:30+08:00')", is(json!("2009-02-13T23:31:30Z"))),
        ("timestamp('2009-02-13T23:31:30Z') - timestamp('2009-02-13T22:31:30Z')", is(json!("3600s"))),
        ("duration('1h')", is(json!("3600s"))),
        ("duration('1.5s')", is(json!("1.5s"))),
        ("duration('1h') == duration('60m')", is(json!(true))),
        ("[1, 2.5, 'a', null, true]", is(json!([1, 2.5, "a", null, true]))),
        ("{'a': {'b': [1]}}", is(json!({"a": {"b": [1]}}))),
    ];
    let failed = check_all(&checks, &no_facts());
    assert!(failed.is_empty(), "{} of {} value checks failed:\n{}", failed.len(), checks.len(), failed.join("\n"));
}
