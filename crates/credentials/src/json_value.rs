//! serde_json values as the JSON type the JSON-LD library reads.

/// Converts a serde_json value into the JSON type the JSON-LD library works on. Numbers with an
/// integral value become integers (`2.0` → `2`), because that is how a JavaScript processor sees
/// them; everything else keeps its shortest decimal form.
pub(crate) fn to_json_syntax(value: &serde_json::Value) -> Result<json_syntax::Value, String> {
    Ok(match value {
        serde_json::Value::Null => json_syntax::Value::Null,
        serde_json::Value::Bool(flag) => json_syntax::Value::Boolean(*flag),
        serde_json::Value::Number(number) => json_syntax::Value::Number(to_json_syntax_number(number)?),
        serde_json::Value::String(text) => json_syntax::Value::String(text.as_str().into()),
        serde_json::Value::Array(items) => {
            json_syntax::Value::Array(items.iter().map(to_json_syntax).collect::<Result<_, _>>()?)
        }
        serde_json::Value::Object(map) => {
            let mut object = json_syntax::Object::new();
            for (key, child) in map {
                object.push(key.as_str().into(), to_json_syntax(child)?);
            }
            json_syntax::Value::Object(object)
        }
    })
}

fn to_json_syntax_number(number: &serde_json::Number) -> Result<json_syntax::NumberBuf, String> {
    if let Some(integer) = number.as_i64() {
        return Ok(integer.into());
    }
    if let Some(integer) = number.as_u64() {
        return Ok(integer.into());
    }
    let float = number.as_f64().filter(|f| f.is_finite()).ok_or_else(|| format!("number {number} is not finite"))?;
    // Below 2^53 every integral f64 is an exact i64.
    if float.fract() == 0.0 && float.abs() < 9_007_199_254_740_992.0 {
        return Ok((float as i64).into());
    }
    number.to_string().parse().map_err(|_| format!("number {number} is not valid JSON"))
}
